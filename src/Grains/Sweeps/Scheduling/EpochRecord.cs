namespace Certsweep.Grains.Sweeps.Scheduling;

/// <summary>
/// One finished epoch of one trial, as a stopping rule sees it: the value of the rule's metric (lower is better),
/// the eps the value was measured at, the trial's full eps and its number of epochs, and when the epoch finished.
/// Finish times order the records of a rung (ties: lower trial number first), so a rule's decision depends on the
/// records alone and not on the order in which a coordinator happened to receive them.
/// </summary>
public sealed record EpochRecord(int Trial, int Epoch, int Epochs, double Value, double Eps, double EpsMax, DateTimeOffset FinishedAt)
{
    /// <summary>Relative difference below which two eps count as equal (schedules compute them in floating point).</summary>
    private const double EpsTolerance = 1e-9;

    /// <summary>True when eps had reached the trial's maximum: the value is the certified one.</summary>
    public bool AtFullEps => Eps >= EpsMax * (1 - EpsTolerance);

    /// <summary>True when this record finished before <paramref name="other"/> (ties: lower trial number first).</summary>
    public bool Precedes(EpochRecord other) =>
        FinishedAt < other.FinishedAt || (FinishedAt == other.FinishedAt && Trial < other.Trial);

    /// <summary>True when this record and <paramref name="other"/> were measured at the same eps.</summary>
    public bool AtSameEps(EpochRecord other) =>
        Math.Abs(Eps - other.Eps) <= EpsTolerance * Math.Max(Math.Abs(Eps), Math.Abs(other.Eps));
}
