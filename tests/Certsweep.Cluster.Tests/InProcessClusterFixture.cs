using Certsweep.Cluster.Tests.Infrastructure;

namespace Certsweep.Cluster.Tests;

/// <summary>One two-silo in-process cluster (memory storage) shared by the tests of a class.</summary>
public sealed class InProcessClusterFixture : IAsyncLifetime
{
    public TwoSiloCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TwoSiloCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
