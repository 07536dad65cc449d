using Certsweep.Contracts.Trials;

namespace Certsweep.Contracts.Sweeps;

/// <summary>A sweep's status and every trial's history (trials never started have an empty history).</summary>
[GenerateSerializer, Immutable]
public sealed record SweepResults(
    [property: Id(0)] SweepStatus Status,
    [property: Id(1)] IReadOnlyList<TrialHistory> Trials);
