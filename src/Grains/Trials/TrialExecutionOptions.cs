using System.Globalization;

namespace Certsweep.Grains.Trials;

/// <summary>Where this silo's trials keep checkpoints (a directory every silo shares, so a trial resumes anywhere)
/// and find their data sets.</summary>
public sealed record TrialExecutionOptions(string CheckpointRoot, string? DataRoot)
{
    public string CheckpointDirectory(string sweepId, int number) =>
        Path.Combine(CheckpointRoot, sweepId, number.ToString("D4", CultureInfo.InvariantCulture));
}
