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
    /// <summary>2: the options hold the trial's hyperparameters as spec files name them.</summary>
    public const int CurrentFormat = 2;

    public int Format { get; init; } = CurrentFormat;

    public required TrainingOptions Options { get; init; }

    public required int CompletedEpochs { get; init; }

    public int BatchInEpoch { get; init; }

    public PassAccumulator? PartialTrain { get; init; }

    public double PartialTrainSeconds { get; init; }

    public BestResult? Best { get; init; }

    public EpochReport? LastReport { get; init; }

    /// <summary>Every completed epoch's report, in order (<see cref="LastReport"/> is the last): a trial whose
    /// history could not be stored elsewhere recovers it from here. Empty in checkpoints written before it existed.</summary>
    public IReadOnlyList<EpochReport> Reports { get; init; } = Array.Empty<EpochReport>();

    /// <summary>The reports of the completed epochs, from <see cref="Reports"/> or, in an older checkpoint, the last one.</summary>
    public IReadOnlyList<EpochReport> CompletedReports() =>
        Reports.Count > 0 ? Reports : LastReport is { } last ? new[] { last } : Array.Empty<EpochReport>();
}
