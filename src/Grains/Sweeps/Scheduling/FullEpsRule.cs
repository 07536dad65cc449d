namespace Certsweep.Grains.Sweeps.Scheduling;

/// <summary>
/// Which epoch records a stopping rule may judge and compare, in certified training. During the eps warmup a
/// trial's verified error is measured at a smaller eps: lower than it will be at full eps, and lower the shorter the
/// warmup has run. Such values are not comparable with full-eps values, nor between trials with different warmups.
/// So a record counts only when its eps is full and at least <see cref="Grace"/> epochs have passed since the
/// trial's eps became full (just after the ramp ends the error at full eps is still settling); counted records are
/// compared only with counted records of other trials at the same epoch and the same eps. A trial whose warmup has
/// not ended (or whose grace has not passed) at a rung is not judged there: it continues, and meets its first
/// judgement at the next rung where it counts.
/// </summary>
public sealed class FullEpsRule
{
    public FullEpsRule(int grace)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(grace);
        Grace = grace;
    }

    /// <summary>Epochs at full eps a trial runs before it can be judged.</summary>
    public int Grace { get; }

    /// <summary>True when <paramref name="record"/> may be judged and compared.</summary>
    public bool Counts(EpochRecord record, EpochRecords records) =>
        record.AtFullEps && records.FullEpsSince(record.Trial) is { } since && record.Epoch >= since + Grace;

    /// <summary>The other trials' counted records of <paramref name="record"/>'s epoch at its eps that finished before
    /// it: what the record is compared with.</summary>
    public IReadOnlyList<EpochRecord> Rivals(EpochRecord record, EpochRecords records) =>
        records.AtEpoch(record.Epoch)
            .Where(r => r.Trial != record.Trial && r.Precedes(record) && r.AtSameEps(record) && Counts(r, records))
            .ToList();
}
