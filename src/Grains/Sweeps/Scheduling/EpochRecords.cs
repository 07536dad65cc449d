namespace Certsweep.Grains.Sweeps.Scheduling;

/// <summary>
/// The epoch records of a sweep's trials, by trial and by epoch. A trial's epoch is recorded once: a resumed trial
/// that reports an epoch again does not change it (as the trial grain keeps the first report of an epoch), so the
/// records rebuilt from the trials' stored histories are the ones a running coordinator held.
/// </summary>
public sealed class EpochRecords
{
    private readonly Dictionary<int, List<EpochRecord>> _byTrial = new();
    private readonly Dictionary<int, List<EpochRecord>> _byEpoch = new();

    /// <summary>Records <paramref name="record"/>; false (and nothing changes) when its trial's epoch is known.</summary>
    public bool Add(EpochRecord record)
    {
        if (!_byTrial.TryGetValue(record.Trial, out var epochs))
        {
            _byTrial[record.Trial] = epochs = new List<EpochRecord>();
        }

        var at = epochs.FindIndex(r => r.Epoch >= record.Epoch);
        if (at >= 0 && epochs[at].Epoch == record.Epoch)
        {
            return false;
        }

        epochs.Insert(at < 0 ? epochs.Count : at, record);

        if (!_byEpoch.TryGetValue(record.Epoch, out var trials))
        {
            _byEpoch[record.Epoch] = trials = new List<EpochRecord>();
        }

        trials.Add(record);
        return true;
    }

    /// <summary>Every trial's record of epoch <paramref name="epoch"/>.</summary>
    public IReadOnlyList<EpochRecord> AtEpoch(int epoch) =>
        _byEpoch.TryGetValue(epoch, out var trials) ? trials : Array.Empty<EpochRecord>();

    /// <summary>Trial <paramref name="trial"/>'s records by epoch.</summary>
    public IReadOnlyList<EpochRecord> OfTrial(int trial) =>
        _byTrial.TryGetValue(trial, out var epochs) ? epochs : Array.Empty<EpochRecord>();

    /// <summary>The first recorded epoch at which trial <paramref name="trial"/>'s eps was full; null if none.</summary>
    public int? FullEpsSince(int trial) => OfTrial(trial).FirstOrDefault(r => r.AtFullEps)?.Epoch;
}
