using System.Globalization;

namespace Certsweep.Grains.Trials;

/// <summary>Where this silo's trials keep checkpoints (a directory every silo shares, so a trial resumes anywhere)
/// and find their data sets, and how many CPU threads each trial's tensor operations use (null: libtorch's default,
/// one per core).</summary>
public sealed record TrialExecutionOptions(string CheckpointRoot, string? DataRoot, int? TorchThreads = null)
{
    public string CheckpointDirectory(string sweepId, int number) =>
        Path.Combine(CheckpointRoot, sweepId, number.ToString("D4", CultureInfo.InvariantCulture));
}
