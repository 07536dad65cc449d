using Certsweep.Cluster.Tests.Infrastructure;

namespace Certsweep.Cluster.Tests;

/// <summary>One real redis-server for the tests of a class.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    public RedisServer Redis { get; } = new();

    public Task InitializeAsync() => Redis.InitializeAsync();

    public Task DisposeAsync() => Redis.DisposeAsync();
}
