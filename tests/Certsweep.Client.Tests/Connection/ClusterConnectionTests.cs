using System.Diagnostics;
using Certsweep.Client.Connection;
using Certsweep.Hosting;

namespace Certsweep.Client.Tests.Connection;

/// <summary>A client pointed at a cluster that is not there gets one clear error, fast.</summary>
public sealed class ClusterConnectionTests
{
    [Fact]
    public async Task Connecting_to_a_gateway_nobody_listens_on_fails_with_the_fix_within_the_timeout()
    {
        var port = FreePorts.Next();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() =>
            ClusterConnection.ConnectLocalhostAsync(port, timeout: TimeSpan.FromSeconds(5)));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains($"port {port}", error.Message);
        Assert.Contains("connection refused", error.Message);
        Assert.Contains("To fix:", error.Message);
    }
}
