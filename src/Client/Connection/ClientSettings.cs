using Certsweep.Client.Cli;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Connection;

/// <summary>
/// The client's resolved settings and where each came from. The cluster address: <c>--cluster</c>, else
/// <c>$CERTSWEEP_CLUSTER</c>, else <c>cluster:</c> in the config file, else none (then <c>sweep run</c> starts
/// an embedded local cluster and the other cluster verbs say how to name one).
/// </summary>
public sealed record ClientSettings(
    ClientConfigFile Config,
    ClusterAddress? Cluster,
    string ClusterOrigin,
    string ClusterId,
    string ServiceId,
    int MaxTrials,
    string MaxTrialsOrigin,
    ClientSecurity Security)
{
    public const string ClusterVariable = "CERTSWEEP_CLUSTER";

    /// <summary>Orleans cluster and service ids when the config file names none; the silos' defaults.</summary>
    public const string DefaultClusterId = "certsweep";

    public const string DefaultServiceId = "certsweep";

    /// <summary>Resolves the settings, or returns null with an exit-code-2 error naming the bad setting and its source.
    /// <paramref name="securityOptions"/>: the security files the command line names (none by default).</summary>
    public static ClientSettings? Resolve(
        string? clusterOption, int? maxTrialsOption, Func<string, string?> environment, out CliError? error, string? configPath = null,
        ClientSecurityOptions? securityOptions = null)
    {
        error = null;
        var config = ClientConfigFile.Load(configPath ?? ClientConfigFile.DefaultPath(environment), out var problems);
        if (problems.Count > 0)
        {
            error = new CliError(ExitCodes.InvalidInput, $"the config file {config.Path} is invalid; fix or remove it.",
                problems.Select(p => p.Format(config.Path)).ToList());
            return null;
        }

        var variable = environment(ClusterVariable);
        var (text, origin, where) = clusterOption is not null ? (clusterOption, "--cluster", "--cluster")
            : !string.IsNullOrWhiteSpace(variable) ? (variable, ClusterVariable, $"${ClusterVariable}")
            : config.Cluster is not null ? (config.Cluster, config.Path, $"{config.Path}:{config.ClusterPosition?.Line}: cluster")
            : (null, "none", null);
        ClusterAddress? address = null;
        if (text is not null && (address = ClusterAddress.Parse(text, out var problem)) is null)
        {
            error = new CliError(ExitCodes.InvalidInput, $"{Echo.Escape(where!)}: {Echo.Escape(text)} is not a cluster address; allowed: {problem}");
            return null;
        }

        if (maxTrialsOption is < 1 or > TrialLimit.Ceiling)
        {
            error = new CliError(ExitCodes.InvalidInput, $"--max-trials: {maxTrialsOption} is not allowed; allowed: {TrialLimit.Allowed}");
            return null;
        }

        var (maxTrials, maxOrigin) = maxTrialsOption is { } m ? (m, "--max-trials")
            : config.MaxTrials is { } c ? (c, config.Path)
            : (TrialLimit.DefaultMax, "default");
        var security = ClientSecurity.Resolve(securityOptions ?? ClientSecurityOptions.None, environment, config, address, out error);
        return security is null ? null
            : new ClientSettings(config, address, origin, config.ClusterId ?? DefaultClusterId, config.ServiceId ?? DefaultServiceId, maxTrials, maxOrigin, security);
    }
}
