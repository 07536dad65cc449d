namespace Certsweep.Contracts.Sweeps;

/// <summary>A sweep runs until every trial is final; cancelling it makes it <see cref="Cancelled"/>.</summary>
public enum SweepState
{
    /// <summary>No sweep with this id was submitted.</summary>
    Unknown,
    Running,
    Completed,
    Cancelled,
}
