namespace Certsweep.Grains.Sweeps;

/// <summary>
/// Writes a grain's state after changes, at most once per throttle period, and with a pause after each write of at
/// least <see cref="PausePerWriteTime"/> times as long as the write took (so a large state, whose writes take long,
/// is written less often and writing holds the grain for at most 1/20 of the time). Changes are written once they
/// settle: when none came for the quiet period, or the longest wait after the first unwritten one, whichever is
/// sooner; so the reports a burst brings (trials of equal length end together) are written together after it, and
/// the write, whose serialization holds the grain, does not delay the burst (docs/architecture.md, "Coordinator").
/// Changes during a write or the pause after it are written when the pause ends and they have settled.
/// <see cref="FlushNowAsync"/> does not wait for changes to settle. A failed write leaves the state dirty; the owner
/// retries it by marking it dirty again (the coordinator's tick does). Not thread-safe: call it from the grain's
/// turns only.
/// </summary>
internal sealed class ThrottledStateWriter
{
    public const int PausePerWriteTime = 19;

    private readonly Func<Task> _write;
    private readonly Action<Exception> _writeFailed;
    private readonly TimeSpan _throttle;
    private readonly TimeSpan _quiet;
    private readonly TimeSpan _longestWait;
    private readonly Func<TimeSpan, Task> _delay;
    private readonly TimeProvider _time;
    private bool _dirty;
    private long _changes;
    private long _written;
    private Task _flushing = Task.CompletedTask;
    private long _firstUnwrittenAt;
    private long _lastChangeAt;
    private bool _urgent;
    private TaskCompletionSource? _hurry;

    /// <param name="write">Writes the current state.</param>
    /// <param name="writeFailed">Told of each failed write.</param>
    /// <param name="throttle">The least pause between two writes.</param>
    /// <param name="quiet">Changes are written once none came for this long (zero: at once).</param>
    /// <param name="longestWait">... or once the first unwritten one is this old.</param>
    /// <param name="delay">Waits (tests pass their own clock); <see cref="Task.Delay(TimeSpan)"/> when null.</param>
    /// <param name="time">Times the writes (tests pass their own); the system clock when null.</param>
    public ThrottledStateWriter(
        Func<Task> write, Action<Exception> writeFailed, TimeSpan throttle, TimeSpan quiet, TimeSpan longestWait,
        Func<TimeSpan, Task>? delay = null, TimeProvider? time = null)
    {
        _write = write;
        _writeFailed = writeFailed;
        _throttle = throttle;
        _quiet = quiet;
        _longestWait = longestWait;
        _delay = delay ?? Task.Delay;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>True while a change has not been written (or its write failed).</summary>
    public bool IsDirty => _dirty;

    /// <summary>True when nothing is left to write and no write is under way.</summary>
    public bool IsIdle => !_dirty && _flushing.IsCompleted;

    /// <summary>Notes a change; it is written once changes settle.</summary>
    public void MarkDirty()
    {
        var now = _time.GetTimestamp();
        if (!_dirty)
        {
            _firstUnwrittenAt = now;
        }

        _lastChangeAt = now;
        _dirty = true;
        _changes++;
        if (_flushing.IsCompleted)
        {
            _flushing = FlushAsync();
        }
    }

    /// <summary>Notes a change and returns when it has been written (or its write failed): true when the state as it
    /// is now has reached storage.</summary>
    public async Task<bool> FlushNowAsync()
    {
        MarkDirty();
        var change = _changes;
        _urgent = true;
        _hurry?.TrySetResult();
        await _flushing;
        return _written >= change;
    }

    private async Task FlushAsync()
    {
        while (_dirty)
        {
            await SettleAsync();
            _dirty = false;
            _urgent = false;
            var change = _changes;
            var started = _time.GetTimestamp();
            try
            {
                await _write();
                _written = change;
            }
            catch (Exception e)
            {
                _writeFailed(e);
                _dirty = true;
                return;
            }

            if (_dirty)
            {
                var pause = _time.GetElapsedTime(started) * PausePerWriteTime;
                await _delay(pause > _throttle ? pause : _throttle);
            }
        }
    }

    /// <summary>Waits until no change came for the quiet period, or the first unwritten change is the longest wait
    /// old; <see cref="FlushNowAsync"/> ends the wait.</summary>
    private async Task SettleAsync()
    {
        if (_quiet <= TimeSpan.Zero)
        {
            return;
        }

        while (!_urgent)
        {
            var quietLeft = _quiet - _time.GetElapsedTime(_lastChangeAt);
            var longestLeft = _longestWait - _time.GetElapsedTime(_firstUnwrittenAt);
            var wait = quietLeft < longestLeft ? quietLeft : longestLeft;
            if (wait <= TimeSpan.Zero)
            {
                break;
            }

            _hurry = new TaskCompletionSource();
            await Task.WhenAny(_delay(wait), _hurry.Task);
        }

        _hurry = null;
    }
}
