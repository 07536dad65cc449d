namespace Certsweep.Contracts.Sweeps;

/// <summary>A sweep runs until every trial is final: then it is <see cref="Completed"/>, or <see cref="Failed"/> when a
/// trial failed after its retries; cancelling it makes it <see cref="Cancelled"/>.</summary>
public enum SweepState
{
    /// <summary>No sweep with this id was submitted.</summary>
    Unknown,
    Running,

    /// <summary>Every trial completed or diverged (a divergence is a result).</summary>
    Completed,
    Cancelled,

    /// <summary>Every trial ended, and at least one failed after its retries.</summary>
    Failed,
}
