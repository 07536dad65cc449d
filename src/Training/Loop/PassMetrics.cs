namespace Certsweep.Training.Loop;

/// <summary>
/// Averages over one pass (train or test) of an epoch. Errors are shares in [0, 1]. Bound-derived values
/// are null when the pass computed no bounds (eps 0 without regularizers); regularizer terms are null
/// outside the warmup.
/// </summary>
public sealed record PassMetrics(
    long Samples,
    double CleanError,
    double? VerifiedError,
    double NaturalLoss,
    double? RobustLoss,
    double Loss,
    double? TightnessLoss,
    double? ReluLoss,
    double? RegularizerLoss,
    double? ActiveReluShare,
    double? InactiveReluShare);
