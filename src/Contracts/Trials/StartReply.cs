namespace Certsweep.Contracts.Trials;

/// <summary>How a trial answered a <see cref="TrialLaunch"/>; <see cref="Status"/> is its status after the call.</summary>
[GenerateSerializer, Immutable]
public sealed record StartReply(
    [property: Id(0)] StartReplyKind Kind,
    [property: Id(1)] TrialStatus? Status);

public enum StartReplyKind
{
    /// <summary>Training started in the given slot.</summary>
    Started,

    /// <summary>The trial was already running (possibly in another slot, see the status); nothing changed.</summary>
    AlreadyRunning,

    /// <summary>The trial had already reached a final state; nothing changed.</summary>
    AlreadyFinished,

    /// <summary>The trial grain is active on another silo than the slot's; it deactivates, so a retry places it right.</summary>
    Misplaced,

    /// <summary>The slot's silo has another trial in that slot (the ledger's view was stale).</summary>
    SlotBusy,

    /// <summary>The slot's silo is shutting down and takes no new trials.</summary>
    Draining,
}
