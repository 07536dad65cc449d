namespace Certsweep.Grains.Trials;

/// <summary>
/// The trial runs on this silo: lets a stopping silo suspend them all and wait until each is handed back, and
/// counts training threads per device (its peak shows whether slots were ever oversubscribed).
/// </summary>
public sealed class LocalTrialRuns
{
    private readonly object _gate = new();
    private readonly HashSet<TrialRun> _runs = new();
    private readonly Dictionary<string, (int Now, int Peak)> _threads = new();

    /// <summary>Set when the silo starts shutting down: trials take no new launches.</summary>
    public bool Draining { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _runs.Count;
            }
        }
    }

    /// <summary>Most training threads that ever ran at once on each device of this silo.</summary>
    public IReadOnlyDictionary<string, int> PeakTrainingThreads
    {
        get
        {
            lock (_gate)
            {
                return _threads.ToDictionary(t => t.Key, t => t.Value.Peak);
            }
        }
    }

    internal void Register(TrialRun run)
    {
        lock (_gate)
        {
            _runs.Add(run);
        }
    }

    internal void Unregister(TrialRun run)
    {
        lock (_gate)
        {
            _runs.Remove(run);
        }
    }

    internal void TrainingStarted(string device)
    {
        lock (_gate)
        {
            var (now, peak) = _threads.GetValueOrDefault(device);
            _threads[device] = (now + 1, Math.Max(peak, now + 1));
        }
    }

    internal void TrainingEnded(string device)
    {
        lock (_gate)
        {
            var (now, peak) = _threads[device];
            _threads[device] = (now - 1, peak);
        }
    }

    /// <summary>Stops taking trials, asks every running trial to checkpoint mid-epoch and stop, and waits until
    /// each has recorded that it went back to pending and told its coordinator (or the token fires).</summary>
    public async Task SuspendAllAsync(string reason, CancellationToken cancellation)
    {
        List<TrialRun> runs;
        lock (_gate)
        {
            Draining = true;
            runs = _runs.ToList();
        }

        foreach (var run in runs)
        {
            run.Suspend(reason);
        }

        try
        {
            await Task.WhenAll(runs.Select(r => r.Closed)).WaitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out; the checkpoints written so far stand.
        }
    }
}
