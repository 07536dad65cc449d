using System.CommandLine;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary>The spec file argument and trial limit option of every verb that reads a spec (<c>spec validate</c>,
/// <c>spec expand</c>, and the sweep verbs), so they read and limit specs the same way.</summary>
public static class SpecInput
{
    public static Argument<string> File() => new("file") { Description = "The spec file, YAML or JSON (- reads standard input)." };

    public static Option<int?> MaxTrials() => new("--max-trials")
    {
        Description = $"The most trials a sweep may expand to (default: max_trials in the config file, else {SweepSpecValidator.DefaultMaxTrials}).",
    };
}
