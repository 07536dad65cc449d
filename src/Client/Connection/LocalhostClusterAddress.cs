using System.Globalization;

namespace Certsweep.Client.Connection;

/// <summary>A silo on this machine with localhost clustering, reached through its gateway port.</summary>
public sealed record LocalhostClusterAddress(int GatewayPort) : ClusterAddress
{
    public override string ToString() => $"localhost:{GatewayPort.ToString(CultureInfo.InvariantCulture)}";
}
