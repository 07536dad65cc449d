using System.Collections.Concurrent;

namespace Certsweep.Grains.Trials;

/// <summary>
/// The silo's long-lived training threads: each runs one attempt at a time and then waits for the next, and a new
/// thread is made only when every existing one is busy, so a silo has at most as many as it ever ran attempts at
/// once: an attempt starts without making a thread, and keeps the malloc arena of earlier attempts
/// (docs/architecture.md, "Training threads"). Work handed over does not carry the caller's execution context (a
/// grain's request context, its activation).
/// </summary>
public sealed class TrainingThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly object _gate = new();
    private int _idle;

    /// <summary>How many threads this silo has made (their count never falls).</summary>
    public int Count { get; private set; }

    /// <summary>How many of them wait for work.</summary>
    public int Idle
    {
        get
        {
            lock (_gate)
            {
                return _idle;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on an idle training thread, or on a new one when none is idle.</summary>
    internal void Run(Action work)
    {
        lock (_gate)
        {
            if (_idle > 0)
            {
                _idle--;
            }
            else
            {
                Count++;
                var thread = new Thread(Loop) { IsBackground = true, Name = $"certsweep training {Count}" };
                thread.UnsafeStart();
            }
        }

        _work.Add(work);
    }

    public void Dispose() => _work.CompleteAdding();

    private void Loop()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            // The work catches its own failures (TrialRun.Train reports them as the attempt's end).
            work();

            lock (_gate)
            {
                _idle++;
            }
        }
    }
}
