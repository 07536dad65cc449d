using Certsweep.Grains.Sweeps;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class ThrottledStateWriterTests
{
    private static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(250);

    /// <summary>Writes and pauses that finish when the test says so.</summary>
    private sealed class Store
    {
        public List<TaskCompletionSource> Writes { get; } = new();

        public List<TaskCompletionSource> Pauses { get; } = new();

        public List<TimeSpan> PauseLengths { get; } = new();

        public List<Exception> Failures { get; } = new();

        public int Version { get; set; }

        public List<int> Written { get; } = new();

        public ManualClock Clock { get; } = new();

        /// <summary>A writer that writes each change at once (no settling).</summary>
        public ThrottledStateWriter Writer() => new(Write, Failures.Add, Throttle, TimeSpan.Zero, TimeSpan.Zero, Pause, Clock);

        /// <summary>A writer that waits for changes to settle: 20 ms without one, 250 ms at most.</summary>
        public ThrottledStateWriter SettlingWriter() => new(Write, Failures.Add, Throttle, Quiet, LongestWait, Pause, Clock);

        public void Advance(int milliseconds) => Clock.Ticks += TimeSpan.FromMilliseconds(milliseconds).Ticks;

        private Task Write()
        {
            Written.Add(Version);
            var write = new TaskCompletionSource();
            Writes.Add(write);
            return write.Task;
        }

        private Task Pause(TimeSpan length)
        {
            PauseLengths.Add(length);
            var pause = new TaskCompletionSource();
            Pauses.Add(pause);
            return pause.Task;
        }
    }

    /// <summary>A clock that moves only when the test moves it.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public Task A_write_that_took_long_is_followed_by_a_pause_of_19_times_its_length() => Task.Run(() =>
    {
        var store = new Store();
        var writer = store.Writer();
        store.Version = 1;
        writer.MarkDirty();
        store.Clock.Ticks += TimeSpan.FromMilliseconds(50).Ticks;
        store.Version = 2;
        writer.MarkDirty();
        store.Writes[0].SetResult();
        Assert.Equal(new[] { TimeSpan.FromMilliseconds(950) }, store.PauseLengths);

        // A quick write is followed by the throttle period.
        store.Pauses[0].SetResult();
        Assert.Equal(new[] { 1, 2 }, store.Written);
        store.Version = 3;
        writer.MarkDirty();
        store.Clock.Ticks += TimeSpan.FromMilliseconds(1).Ticks;
        store.Writes[1].SetResult();
        Assert.Equal(Throttle, store.PauseLengths[1]);
    });

    // On a thread-pool thread (no synchronization context) a finished write resumes the writer at once, so each
    // step below can be checked right after it.
    [Fact]
    public Task A_change_while_nothing_is_written_is_written_at_once_without_a_pause() => Task.Run(() =>
    {
        var store = new Store();
        var writer = store.Writer();
        Assert.True(writer.IsIdle);

        store.Version = 1;
        writer.MarkDirty();
        Assert.Equal(new[] { 1 }, store.Written);
        Assert.False(writer.IsIdle);

        store.Writes[0].SetResult();
        Assert.True(writer.IsIdle);
        Assert.Empty(store.Pauses);
    });

    [Fact]
    public Task Changes_during_a_write_and_its_pause_are_written_together_after_the_throttle() => Task.Run(() =>
    {
        var store = new Store();
        var writer = store.Writer();
        store.Version = 1;
        writer.MarkDirty();
        store.Version = 2;
        writer.MarkDirty();
        store.Version = 3;
        writer.MarkDirty();
        Assert.Equal(new[] { 1 }, store.Written);

        store.Writes[0].SetResult();
        Assert.Equal(new[] { Throttle }, store.PauseLengths);
        store.Version = 4;
        writer.MarkDirty();
        Assert.Equal(new[] { 1 }, store.Written);

        store.Pauses[0].SetResult();
        Assert.Equal(new[] { 1, 4 }, store.Written);
        store.Writes[1].SetResult();
        Assert.True(writer.IsIdle);
        Assert.Single(store.Pauses);
    });

    [Fact]
    public Task FlushNowAsync_returns_once_the_latest_change_is_written() => Task.Run(async () =>
    {
        var store = new Store();
        var writer = store.Writer();
        store.Version = 1;
        writer.MarkDirty();
        store.Version = 2;
        var flushed = writer.FlushNowAsync();

        store.Writes[0].SetResult();
        Assert.False(flushed.IsCompleted);
        store.Pauses[0].SetResult();
        Assert.False(flushed.IsCompleted);
        store.Writes[1].SetResult();
        Assert.True(await flushed);
        Assert.Equal(new[] { 1, 2 }, store.Written);
    });

    [Fact]
    public Task FlushNowAsync_says_when_the_change_did_not_reach_storage() => Task.Run(async () =>
    {
        var store = new Store();
        var writer = store.Writer();
        var flushed = writer.FlushNowAsync();
        store.Writes[0].SetException(new IOException("storage down"));
        Assert.False(await flushed);

        flushed = writer.FlushNowAsync();
        store.Writes[1].SetResult();
        Assert.True(await flushed);
    });

    [Fact]
    public Task A_failed_write_is_reported_and_leaves_the_state_dirty_until_marked_again() => Task.Run(() =>
    {
        var store = new Store();
        var writer = store.Writer();
        writer.MarkDirty();
        store.Writes[0].SetException(new IOException("storage down"));

        Assert.Equal("storage down", Assert.Single(store.Failures).Message);
        Assert.True(writer.IsDirty);
        Assert.False(writer.IsIdle);
        Assert.Single(store.Written);

        writer.MarkDirty();
        Assert.Equal(2, store.Written.Count);
        store.Writes[1].SetResult();
        Assert.True(writer.IsIdle);
    });

    [Fact]
    public Task Changes_are_written_together_once_none_came_for_the_quiet_period() => Task.Run(() =>
    {
        var store = new Store();
        var writer = store.SettlingWriter();
        store.Version = 1;
        writer.MarkDirty();
        Assert.Empty(store.Written);
        Assert.Equal([Quiet], store.PauseLengths);

        // A change 10 ms later: when the first wait ends, the quiet period restarts from it.
        store.Advance(10);
        store.Version = 2;
        writer.MarkDirty();
        store.Advance(10);
        store.Pauses[0].SetResult();
        Assert.Empty(store.Written);
        Assert.Equal(TimeSpan.FromMilliseconds(10), store.PauseLengths[1]);

        store.Advance(10);
        store.Pauses[1].SetResult();
        Assert.Equal([2], store.Written);
        store.Writes[0].SetResult();
        Assert.True(writer.IsIdle);
    });

    [Fact]
    public Task A_stream_of_changes_is_written_when_its_first_is_the_longest_wait_old() => Task.Run(() =>
    {
        var store = new Store();
        var writer = store.SettlingWriter();
        for (var at = 0; store.Written.Count == 0; at += 10)
        {
            Assert.True(at <= 250, "not written within the longest wait");
            store.Version = at;
            writer.MarkDirty();
            store.Advance(10);
            store.Pauses[^1].SetResult();
        }

        // Written at 250 ms with the change made at 240 ms, though a change came only 10 ms before.
        Assert.Equal([240], store.Written);
    });

    [Fact]
    public Task FlushNowAsync_does_not_wait_for_changes_to_settle() => Task.Run(async () =>
    {
        var store = new Store();
        var writer = store.SettlingWriter();
        store.Version = 1;
        writer.MarkDirty();
        Assert.Empty(store.Written);

        var flushed = writer.FlushNowAsync();
        Assert.Equal([1], store.Written);
        store.Writes[0].SetResult();
        Assert.True(await flushed);

        // Also when it is asked for during the pause after a write: the pause stays, the settling does not.
        writer.MarkDirty();
        store.Advance(20);
        store.Pauses[^1].SetResult();
        store.Version = 2;
        writer.MarkDirty();
        flushed = writer.FlushNowAsync();
        store.Writes[1].SetResult();
        Assert.False(flushed.IsCompleted);
        store.Pauses[^1].SetResult();
        Assert.Equal([1, 1, 2], store.Written);
        store.Writes[2].SetResult();
        Assert.True(await flushed);
    });
}
