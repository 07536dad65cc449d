using Certsweep.Hyperparameters;

namespace Certsweep.Grains.Training;

/// <summary>What one attempt trains: the trial's config, on <see cref="Device"/> (<c>cpu</c>, <c>cuda:N</c>), with its
/// checkpoints in <see cref="CheckpointDirectory"/> (under the shared checkpoint root) and data sets under <see cref="DataRoot"/>,
/// its tensor operations on <see cref="TorchThreads"/> CPU threads (null: libtorch's default).</summary>
public sealed record TrialTrainingRequest(TrialConfig Config, string Device, string CheckpointDirectory, string? DataRoot, int? TorchThreads = null);
