namespace Certsweep.Training.Loop;

/// <summary>How a call to <see cref="IbpTrainer.Run"/> ended.</summary>
public enum TrainingOutcomeKind
{
    /// <summary>All epochs done.</summary>
    Completed,

    /// <summary>Stopped on request; the last completed epoch's checkpoint stands.</summary>
    Cancelled,

    /// <summary>Stopped on request after writing a mid-epoch checkpoint to resume from.</summary>
    Suspended,
}

public sealed record TrainingOutcome(TrainingOutcomeKind Kind, int CompletedEpochs, BestResult? Best, EpochReport? LastReport);
