namespace Certsweep.Contracts.Trials;

/// <summary>
/// Where a trial is in its life: <c>Pending -> Running(epoch k/n) -> Completed | Failed | Diverged | Cancelled</c>.
/// A running trial whose silo stops or dies goes back to <see cref="Pending"/> and resumes from its checkpoint.
/// </summary>
public enum TrialState
{
    Pending,
    Running,
    Completed,
    Failed,
    Diverged,
    Cancelled,
}

public static class TrialStates
{
    /// <summary>True for the states a trial never leaves.</summary>
    public static bool IsFinal(this TrialState state) => state is TrialState.Completed or TrialState.Diverged or TrialState.Cancelled;
}
