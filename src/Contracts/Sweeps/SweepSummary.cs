namespace Certsweep.Contracts.Sweeps;

/// <summary>A sweep as listed by the registry.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepSummary(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string? Name,
    [property: Id(2)] SweepState State,
    [property: Id(3)] TrialCounts Counts,
    [property: Id(4)] RankedTrial? Best,
    [property: Id(5)] DateTimeOffset SubmittedAt,
    [property: Id(6)] DateTimeOffset? FinishedAt);
