using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Certsweep.Silo.Hosting;

/// <summary>
/// A client connection to a running certsweep cluster from another process: through a localhost gateway
/// (<see cref="ConnectLocalhostAsync"/>) or Redis clustering (<see cref="ConnectRedisAsync"/>, which finds
/// every silo's gateway). An unreachable cluster fails within the timeout with a <see cref="ClusterUnreachableException"/>.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    public static Task<ClusterConnection> ConnectLocalhostAsync(
        int gatewayPort = 30000, string serviceId = "certsweep", string clusterId = "certsweep", TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        ConnectAsync(c => c.UseLocalhostClustering(gatewayPort, serviceId, clusterId), $"the localhost gateway on port {gatewayPort}",
            "start a silo (certsweep-silo) or pass the gateway port it listens on", timeout, cancellation);

    public static Task<ClusterConnection> ConnectRedisAsync(
        string redis, string serviceId = "certsweep", string clusterId = "certsweep", TimeSpan? timeout = null, CancellationToken cancellation = default) =>
        ConnectAsync(c =>
        {
            c.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = serviceId;
                o.ClusterId = clusterId;
            });
            c.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
        }, $"the cluster '{clusterId}' registered in Redis at {redis}",
            "check that Redis is reachable, that silos run with --clustering redis and the same --service-id/--cluster-id", timeout, cancellation);

    private static async Task<ClusterConnection> ConnectAsync(
        Action<IClientBuilder> configure, string what, string fix, TimeSpan? timeout, CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.None);
        builder.UseOrleansClient(configure);
        var host = builder.Build();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        try
        {
            await host.StartAsync(cancellation).WaitAsync(limit, cancellation);
            return new ClusterConnection(host);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            host.Dispose();
            var reason = e is TimeoutException ? $"no answer within {limit.TotalSeconds:0} s" : e.Message;
            throw new ClusterUnreachableException($"Cannot reach {what}: {reason}. To fix: {fix}.", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            _host.Dispose();
        }
    }
}

/// <summary>The cluster could not be reached; the message says what was tried and the fix.</summary>
public sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);
