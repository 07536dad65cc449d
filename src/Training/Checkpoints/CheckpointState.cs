using Certsweep.Training.Loop;

namespace Certsweep.Training.Checkpoints;

/// <summary>
/// Where a trial stands, saved beside its weights and optimizer state. Random draws are derived from the
/// seed and the epoch (<see cref="SplitMix64.Derive"/>), so the seed and position are the whole RNG state.
/// <see cref="BatchInEpoch"/> is non-zero for a mid-epoch checkpoint (a suspended trial); then
/// <see cref="PartialTrain"/> holds that epoch's training sums so far.
/// </summary>
public sealed record CheckpointState
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public required TrainingOptions Options { get; init; }

    public required int CompletedEpochs { get; init; }

    public int BatchInEpoch { get; init; }

    public PassAccumulator? PartialTrain { get; init; }

    public double PartialTrainSeconds { get; init; }

    public BestResult? Best { get; init; }

    public EpochReport? LastReport { get; init; }
}
