using Certsweep.Hyperparameters;

namespace Certsweep.Contracts.Trials;

/// <summary>A trial's configuration, status and every epoch's results, in epoch order.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialHistory(
    [property: Id(0)] TrialStatus Status,
    [property: Id(1)] TrialConfig? Config,
    [property: Id(2)] IReadOnlyList<EpochResult> Epochs);
