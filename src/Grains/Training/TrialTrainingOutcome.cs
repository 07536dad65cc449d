using Certsweep.Contracts.Trials;

namespace Certsweep.Grains.Training;

/// <summary>How an attempt ended; a completed trial with <c>final_certify: crown</c> carries its best checkpoint's
/// <see cref="Certificate"/>.</summary>
public sealed record TrialTrainingOutcome(
    TrialTrainingOutcomeKind Kind, int CompletedEpochs, Divergence? Divergence = null, FinalCertificate? Certificate = null);

public enum TrialTrainingOutcomeKind
{
    /// <summary>All epochs done.</summary>
    Completed,

    /// <summary>Stopped by the cancel token before the next batch; the last epoch's checkpoint stands.</summary>
    Cancelled,

    /// <summary>Stopped by the suspend token after writing a mid-epoch checkpoint to resume from.</summary>
    Suspended,

    /// <summary>A loss term became NaN or infinite.</summary>
    Diverged,
}
