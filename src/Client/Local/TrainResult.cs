using Certsweep.Hyperparameters;
using Certsweep.Training.Loop;

namespace Certsweep.Client.Local;

/// <summary>What <c>certsweep train --output json</c> prints at the end: how the run ended (completed or suspended),
/// the trial's hyperparameters, where its checkpoints are, and every epoch trained by this invocation.</summary>
public sealed record TrainResult(
    string Outcome,
    TrialConfig Trial,
    string Directory,
    long Parameters,
    long TrainSamples,
    long TestSamples,
    int BatchesPerEpoch,
    int ResumedAfterEpoch,
    int CompletedEpochs,
    BestResult? Best,
    string LastCheckpoint,
    string? BestCheckpoint,
    IReadOnlyList<EpochReport> Epochs);
