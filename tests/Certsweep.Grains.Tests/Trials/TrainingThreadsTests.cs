using Certsweep.Grains.Trials;

namespace Certsweep.Grains.Tests.Trials;

public sealed class TrainingThreadsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void Attempts_one_after_another_run_on_the_same_thread_and_attempts_at_once_on_threads_of_their_own()
    {
        using var threads = new TrainingThreads();
        var first = RunAndWait(threads);
        var second = RunAndWait(threads);
        Assert.Equal(first, second);
        Assert.NotEqual(Environment.CurrentManagedThreadId, first);
        Assert.Equal(1, threads.Count);

        // Two held at once need two threads; afterwards both are reused and no third is made.
        using var release = new ManualResetEventSlim();
        var ids = new int[2];
        using var started = new CountdownEvent(2);
        for (var i = 0; i < 2; i++)
        {
            var slot = i;
            threads.Run(() =>
            {
                ids[slot] = Environment.CurrentManagedThreadId;
                started.Signal();
                release.Wait();
            });
        }

        Assert.True(started.Wait(Wait));
        Assert.NotEqual(ids[0], ids[1]);
        release.Set();
        Assert.True(SpinWait.SpinUntil(() => threads.Idle == 2, Wait));
        Assert.Contains(RunAndWait(threads), ids);
        Assert.Equal(2, threads.Count);
    }

    [Fact]
    public void Work_does_not_see_the_callers_async_locals()
    {
        using var threads = new TrainingThreads();
        var local = new AsyncLocal<string?> { Value = "a grain's request context" };
        string? seen = "not run";
        using var done = new ManualResetEventSlim();
        threads.Run(() =>
        {
            seen = local.Value;
            done.Set();
        });
        Assert.True(done.Wait(Wait));
        Assert.Null(seen);
    }

    private static int RunAndWait(TrainingThreads threads)
    {
        var id = 0;
        using var done = new ManualResetEventSlim();
        threads.Run(() =>
        {
            id = Environment.CurrentManagedThreadId;
            done.Set();
        });
        Assert.True(done.Wait(Wait));
        Assert.True(SpinWait.SpinUntil(() => threads.Idle == threads.Count, Wait));
        return id;
    }
}
