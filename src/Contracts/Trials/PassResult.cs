namespace Certsweep.Contracts.Trials;

/// <summary>
/// Averages over one pass (train or test) of an epoch; the trainer's PassMetrics across grain boundaries.
/// Errors are shares in [0, 1]. Bound-derived values are null when the pass computed no bounds; regularizer
/// terms are null outside the warmup.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PassResult(
    [property: Id(0)] long Samples,
    [property: Id(1)] double CleanError,
    [property: Id(2)] double? VerifiedError,
    [property: Id(3)] double NaturalLoss,
    [property: Id(4)] double? RobustLoss,
    [property: Id(5)] double Loss,
    [property: Id(6)] double? TightnessLoss,
    [property: Id(7)] double? ReluLoss,
    [property: Id(8)] double? RegularizerLoss,
    [property: Id(9)] double? ActiveReluShare,
    [property: Id(10)] double? InactiveReluShare);
