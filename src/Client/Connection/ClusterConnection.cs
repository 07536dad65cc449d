using System.Collections.Concurrent;
using Certsweep.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Messaging;
using StackExchange.Redis;

namespace Certsweep.Client.Connection;

/// <summary>
/// A client connection to a running certsweep cluster from another process: through a localhost gateway
/// (<see cref="ConnectLocalhostAsync"/>) or Redis clustering (<see cref="ConnectRedisAsync"/>, which finds
/// every silo's gateway). An unreachable cluster fails within the timeout with a <see cref="ClusterUnreachableException"/>.
/// The service and cluster ids default to the silos' defaults (<c>certsweep</c>).
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>How long connecting may take before the cluster counts as unreachable.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long one grain call may take; shorter than Orleans' 30 s so a dead silo is noticed soon.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How often the client rereads the cluster's gateways.</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(5);

    private readonly IHost _host;

    private ClusterConnection(IHost host, string description)
    {
        _host = host;
        Description = description;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    /// <summary>What this connection reached, for messages: "the localhost gateway on port 30000".</summary>
    public string Description { get; }

    /// <summary>Connects to the cluster at <paramref name="address"/> (as resolved by <see cref="ClientSettings"/>), with
    /// <paramref name="security"/>'s TLS and Redis settings (none by default). A TLS file that cannot be used is a
    /// <see cref="TlsFileException"/>.</summary>
    public static Task<ClusterConnection> ConnectAsync(
        ClusterAddress address, string serviceId, string clusterId, TimeSpan? timeout = null, CancellationToken cancellation = default,
        ClientSecurity? security = null) => address switch
    {
        LocalhostClusterAddress local => ConnectLocalhostAsync(local.GatewayPort, serviceId, clusterId, timeout, cancellation, security?.Tls),
        RedisClusterAddress redis => ConnectRedisAsync(RedisOptions(redis.ConnectionString, (security ?? ClientSecurity.None).Redis(redis)), serviceId, clusterId,
            (redis.Host, redis.Port), $"the cluster '{clusterId}' registered in Redis at {redis}", security?.Tls, timeout, cancellation),
        _ => throw new ArgumentOutOfRangeException(nameof(address), address, "unknown cluster address"),
    };

    public static Task<ClusterConnection> ConnectLocalhostAsync(
        int gatewayPort = ClusterAddress.DefaultGatewayPort, string serviceId = ClientSettings.DefaultServiceId, string clusterId = ClientSettings.DefaultClusterId,
        TimeSpan? timeout = null, CancellationToken cancellation = default, MutualTlsFiles? tls = null) =>
        ConnectAsync(c => c.UseLocalhostClustering(gatewayPort, serviceId, clusterId), ("localhost", gatewayPort), ("localhost", gatewayPort), null, $"the localhost gateway on port {gatewayPort}",
            $"start a silo (certsweep-silo --gateway-port {gatewayPort}) or name the gateway port it listens on (--cluster localhost:PORT), with the same service and cluster id ({serviceId}/{clusterId})",
            tls, timeout, cancellation);

    /// <summary>Connects through Redis clustering; <paramref name="redis"/> is a StackExchange.Redis connection string.</summary>
    public static Task<ClusterConnection> ConnectRedisAsync(
        string redis, string serviceId = ClientSettings.DefaultServiceId, string clusterId = ClientSettings.DefaultClusterId,
        TimeSpan? timeout = null, CancellationToken cancellation = default, MutualTlsFiles? tls = null, RedisSecurity? redisSecurity = null) =>
        ConnectRedisAsync(RedisOptions(redis, redisSecurity ?? RedisSecurity.None), serviceId, clusterId, null,
            $"the cluster '{clusterId}' registered in Redis at {redis}", tls, timeout, cancellation);

    private const string RedisFix = "check that Redis is reachable and that silos run with --clustering redis and the same --service-id/--cluster-id as the client (config file keys service_id, cluster_id)";

    private const string RedisPasswordFix = $"give this client Redis' password (${ClientSecurity.RedisPasswordVariable}, or redis://:PASSWORD@host:port in the cluster address), the one the silos use";

    private static ConfigurationOptions RedisOptions(string redis, RedisSecurity security)
    {
        var options = security.ApplyTo(ConfigurationOptions.Parse(redis));
        options.ConnectTimeout = 5000;
        return options;
    }

    private static Task<ClusterConnection> ConnectRedisAsync(ConfigurationOptions options, string serviceId, string clusterId,
        (string Host, int Port)? redis, string what, MutualTlsFiles? tls, TimeSpan? timeout, CancellationToken cancellation) =>
        ConnectAsync(ConfigureRedis(options, serviceId, clusterId), redis, null, options, what, RedisFix, tls, timeout, cancellation);

    private static Action<IClientBuilder> ConfigureRedis(ConfigurationOptions options, string serviceId, string clusterId)
    {
        return c =>
        {
            c.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = serviceId;
                o.ClusterId = clusterId;
            });
            c.UseRedisClustering(o => o.ConfigurationOptions = options.Clone());
        };
    }

    /// <summary><paramref name="endpoint"/> (a gateway, or Redis) must accept TCP before the client starts;
    /// <paramref name="gateway"/> is the gateway a failed connection asks about TLS (null: the first the cluster lists);
    /// Redis must accept the password of <paramref name="redis"/> (Redis clustering).</summary>
    private static async Task<ClusterConnection> ConnectAsync(
        Action<IClientBuilder> configure, (string Host, int Port)? endpoint, (string Host, int Port)? gateway, ConfigurationOptions? redis, string what, string fix, MutualTlsFiles? tlsFiles, TimeSpan? timeout,
        CancellationToken cancellation)
    {
        var tls = tlsFiles?.Load();
        if (endpoint is { } probe && await TcpProbe.ProblemAsync(probe.Host, probe.Port, cancellation) is { } problem)
        {
            throw new ClusterUnreachableException($"cannot reach {what}: {problem}. To fix: {fix}.", null);
        }

        if (redis is not null && await RedisAuthenticationProbe.RefusalAsync(redis, cancellation) is { } passwordRefusal)
        {
            throw new ClusterUnreachableException($"cannot reach {what}: {passwordRefusal}. To fix: {RedisPasswordFix}.", null);
        }

        var refusals = new ConcurrentQueue<string>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.None);
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.UseOrleansClient(client =>
        {
            configure(client);
            if (tls is not null)
            {
                client.Configure<ClientConnectionOptions>(o => o.ConfigureConnection(c => c.UseClientTls(MutualTls.Options(tls, refusals.Enqueue))));
            }

            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
            // After a whole-cluster restart the membership table still lists the dead silos' gateways until the new
            // silos declare them dead; with Orleans' default of a minute the client keeps trying only those.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
        });
        var host = builder.Build();
        var limit = timeout ?? DefaultTimeout;
        try
        {
            await host.StartAsync(cancellation).WaitAsync(limit, cancellation);
            return new ClusterConnection(host, what);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            var diagnosis = refusals.TryPeek(out var refusal)
                ? ($"this client refused the certificate of a gateway: {refusal}", "--tls-ca (or $CERTSWEEP_TLSCA, tls_ca) must name the CA that issued the silos' certificates")
                : await DiagnoseTlsAsync(host, gateway, tls, cancellation);
            host.Dispose();
            var reason = e is TimeoutException ? $"no answer within {limit.TotalSeconds:0} s" : e.Message.TrimEnd('.');
            throw diagnosis is var (tlsProblem, tlsFix)
                ? new ClusterUnreachableException($"cannot reach {what}: {tlsProblem}. To fix: {tlsFix}.", e)
                : new ClusterUnreachableException($"cannot reach {what}: {reason}. To fix: {fix}.", e);
        }
    }

    /// <summary>Asks a gateway (the localhost one, else the first the cluster lists) whether TLS is why the client
    /// could not connect (<see cref="TlsProbe"/>).</summary>
    private static async Task<(string Problem, string Fix)?> DiagnoseTlsAsync(
        IHost host, (string Host, int Port)? localGateway, MutualTlsCredentials? tls, CancellationToken cancellation)
    {
        var gateway = localGateway;
        if (gateway is null)
        {
            try
            {
                var provider = host.Services.GetRequiredService<IGatewayListProvider>();
                await provider.InitializeGatewayListProvider().WaitAsync(TlsProbe.Timeout, cancellation);
                var listed = await provider.GetGateways().WaitAsync(TlsProbe.Timeout, cancellation);
                gateway = listed.Count > 0 ? (listed[0].Host, listed[0].Port) : null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                return null;
            }
        }

        return gateway is var (address, port) ? await TlsProbe.DiagnoseAsync(address, port, tls, cancellation) : null;
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
