namespace Certsweep.Contracts.Trials;

/// <summary>A trial's best epoch: the lowest test verified error among epochs at full eps (docs/method.md §5).</summary>
[GenerateSerializer, Immutable]
public sealed record BestEpoch(
    [property: Id(0)] int Epoch,
    [property: Id(1)] double CleanError,
    [property: Id(2)] double VerifiedError);
