using Certsweep.Grains.Sweeps;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class ThrottledStateWriterTests
{
    private static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(200);

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

        public ThrottledStateWriter Writer() => new(Write, Failures.Add, Throttle, Pause, Clock);

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
}
