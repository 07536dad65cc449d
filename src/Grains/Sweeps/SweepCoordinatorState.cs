using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Grains.Sweeps;

/// <summary>What survives a coordinator's silo: the spec (trial configs are re-expanded from it, deterministically;
/// a TPE sweep's follow from the points proposed so far), one status row per trial (with any stop decision of the
/// scheduler). Trial grains hold the authoritative per-trial state and the epoch histories.</summary>
[GenerateSerializer]
public sealed class SweepCoordinatorState
{
    [Id(0)] public SweepSpec? Spec { get; set; }

    [Id(1)] public SweepState State { get; set; }

    [Id(2)] public DateTimeOffset SubmittedAt { get; set; }

    [Id(3)] public DateTimeOffset? FirstTrialStartedAt { get; set; }

    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(5)] public List<TrialStatus> Trials { get; set; } = new();

    /// <summary>A TPE sweep's proposals in trial order: each trial's coordinates in the search space the spec's axes
    /// make (<see cref="Search.SpecSearchSpace"/>); written together with the rows, before a proposed trial starts.</summary>
    [Id(6)] public List<double[]> Proposals { get; set; } = new();
}
