namespace Certsweep.Contracts.Trials;

/// <summary>
/// Where a trial is in its life: <c>Pending -> Running(epoch k/n) -> Completed | Failed | Diverged | Cancelled |
/// Stopped</c>. A running trial whose silo stops or dies goes back to <see cref="Pending"/> and resumes from its
/// checkpoint.
/// </summary>
public enum TrialState
{
    Pending,
    Running,
    Completed,
    Failed,
    Diverged,
    Cancelled,

    /// <summary>Stopped early by the sweep's scheduler (<see cref="TrialStatus.Stop"/> says at which rung and why); it
    /// keeps its checkpoints and history, is ranked with what it reached, and counts as finished.</summary>
    Stopped,
}

public static class TrialStates
{
    /// <summary>True for the states a trial never leaves.</summary>
    public static bool IsFinal(this TrialState state) =>
        state is TrialState.Completed or TrialState.Diverged or TrialState.Cancelled or TrialState.Stopped;
}
