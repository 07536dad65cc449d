using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Specs;
using Certsweep.Hyperparameters.Rules;

namespace Certsweep.Client.Commands;

/// <summary>The spec file argument and trial limit option of every verb that reads a spec (<c>spec validate</c>,
/// <c>spec expand</c>, and the sweep verbs), so they read and limit specs the same way.</summary>
public static class SpecInput
{
    public static Argument<string> File() => new("file") { Description = "The spec file, YAML or JSON (- reads standard input)." };

    public static Option<int?> MaxTrials() => new("--max-trials")
    {
        Description = $"The most trials a sweep may expand to (default: max_trials in the config file, else {TrialLimit.DefaultMax}); a cluster also applies its silos' --max-trials.",
    };

    /// <summary>
    /// Resolves the client settings (cluster option, trial limit, environment, config file) and loads the spec
    /// file named on the command line. Null, with <paramref name="error"/> set, when the settings are invalid;
    /// the spec itself may still be invalid (see <see cref="SpecLoadResult.IsValid"/>).
    /// </summary>
    public static (ClientSettings Settings, SpecLoadResult Spec)? Load(
        ParseResult parse, Argument<string> file, Option<int?> maxTrials, string? cluster, out CliError? error)
    {
        var settings = ClientSettings.Resolve(cluster, parse.GetValue(maxTrials), Environment.GetEnvironmentVariable, out error,
            securityOptions: ConnectionOptions.ReadSecurity(parse));
        return settings is null ? null : (settings, SweepSpecLoader.LoadFile(parse.GetValue(file)!, settings.MaxTrials));
    }
}
