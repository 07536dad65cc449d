using Certsweep.Contracts.Trials;

namespace Certsweep.Contracts.Sweeps;

/// <summary>
/// A sweep at a moment: one row per trial (axes, state, epoch/total, eps, errors, silo/device, attempts),
/// counts by state, and the ranking by the sweep's objectives at full eps. <see cref="FirstTrialStartedAt"/> is when
/// the first trial began training.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SweepStatus
{
    [Id(0)] public required string SweepId { get; init; }

    [Id(1)] public string? Name { get; init; }

    [Id(2)] public required SweepState State { get; init; }

    [Id(3)] public required TrialCounts Counts { get; init; }

    [Id(4)] public required IReadOnlyList<TrialStatus> Trials { get; init; }

    [Id(5)] public required IReadOnlyList<RankedTrial> Ranking { get; init; }

    [Id(6)] public DateTimeOffset SubmittedAt { get; init; }

    [Id(7)] public DateTimeOffset? FirstTrialStartedAt { get; init; }

    [Id(8)] public DateTimeOffset? FinishedAt { get; init; }

    [Id(9)] public string Dataset { get; init; } = string.Empty;

    /// <summary>The sweep's eps, when every trial has the same (null when eps is an axis).</summary>
    [Id(10)] public double? Eps { get; init; }

    [Id(11)] public int MaxConcurrency { get; init; }

    /// <summary>What the ranking minimizes, most important first (<see cref="SweepObjectives"/>).</summary>
    [Id(12)] public IReadOnlyList<string> Objectives { get; init; } = SweepObjectives.Default;

    /// <summary>True when the trials' best epochs and the ranking come from a validation split of the training set; the
    /// test figures of the selected epochs are then in each <see cref="BestEpoch"/>.</summary>
    [Id(13)] public bool SelectsOnValidation { get; init; }

    public RankedTrial? Best => Ranking.Count > 0 ? Ranking[0] : null;

    public static SweepStatus Unknown(string sweepId) => new()
    {
        SweepId = sweepId,
        State = SweepState.Unknown,
        Counts = TrialCounts.Of(Array.Empty<TrialState>()),
        Trials = Array.Empty<TrialStatus>(),
        Ranking = Array.Empty<RankedTrial>(),
    };
}
