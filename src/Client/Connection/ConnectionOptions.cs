using System.CommandLine;

namespace Certsweep.Client.Connection;

/// <summary>The connection option the cluster verbs add to themselves (not global: <c>train</c> and <c>spec</c>
/// never connect).</summary>
public static class ConnectionOptions
{
    public static Option<string?> Cluster { get; } = new("--cluster")
    {
        Description = $"The cluster: {ClusterAddress.Allowed}. Default: ${ClientSettings.ClusterVariable}, then 'cluster:' in the config file.",
        HelpName = "address",
    };
}
