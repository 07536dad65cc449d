namespace Certsweep.Contracts.Trials;

/// <summary>A sweep scheduler's decision to stop a trial early: after <paramref name="Epoch"/>, at
/// <paramref name="Rung"/> (from 1; null for rules without rungs, such as the median rule), for
/// <paramref name="Reason"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialStop(
    [property: Id(0)] int Epoch,
    [property: Id(1)] int? Rung,
    [property: Id(2)] string Reason);
