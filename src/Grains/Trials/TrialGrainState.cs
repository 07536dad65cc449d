using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;

namespace Certsweep.Grains.Trials;

/// <summary>What survives a trial's silo: its config, status and every recorded epoch.</summary>
[GenerateSerializer]
public sealed class TrialGrainState
{
    [Id(0)] public TrialConfig? Config { get; set; }

    [Id(1)] public TrialStatus? Status { get; set; }

    [Id(2)] public List<EpochResult> Epochs { get; set; } = new();
}
