using Certsweep.Client.Connection;
using Certsweep.Cluster.Tests.Infrastructure;
using Certsweep.Contracts.Cluster;
using Certsweep.Security;

namespace Certsweep.Cluster.Tests;

/// <summary>
/// Two certsweep-silo processes talking mutual TLS (certificates of <see cref="Certificates"/>' CA) on a real Redis
/// that requires a password, and a client of this process connected the same way.
/// </summary>
public sealed class MutualTlsClusterFixture : IAsyncLifetime
{
    public const string RedisPassword = "a-password-the-logs-must-not-show";

    private readonly string _checkpoints = Directory.CreateTempSubdirectory("certsweep-tls-checkpoints-").FullName;
    private ClusterConnection? _connection;

    public RedisServer Redis { get; } = new(RedisPassword);

    public TestCertificates Certificates { get; } = new();

    public SiloProcess SiloA { get; private set; } = null!;

    public SiloProcess SiloB { get; private set; } = null!;

    public IClusterClient Client => _connection!.Client;

    public string CheckpointRoot => _checkpoints;

    /// <summary>certsweep-silo's switches for mutual TLS with a certificate named <paramref name="name"/> issued by
    /// <paramref name="issuer"/>, trusting <paramref name="trusted"/>, and for the password of <see cref="Redis"/>.</summary>
    public string[] SiloSecurity(string name, string issuer, string trusted)
    {
        var (certificate, key) = Certificates.Issue(name, issuer);
        return ["--tls-certificate", certificate, "--tls-key", key, "--tls-ca", trusted, "--redis-password", RedisPassword];
    }

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        SiloA = SiloProcess.Start("silo-a", Redis.ConnectionString, _checkpoints, cpuSlots: 2, SiloSecurity("silo-a", Certificates.Ca, Certificates.Ca));
        // silo-b logs at information, where Orleans writes every option it runs with (the Redis ones among them).
        SiloB = SiloProcess.Start("silo-b", Redis.ConnectionString, _checkpoints, cpuSlots: 2,
            [.. SiloSecurity("silo-b", Certificates.Ca, Certificates.Ca), "--Logging:LogLevel:Default=Information"]);
        var (certificate, key) = Certificates.Issue("test-client", Certificates.Ca);
        try
        {
            _connection = await ClusterConnection.ConnectRedisAsync(Redis.ConnectionString, "certsweep-test", "certsweep-test", TimeSpan.FromSeconds(90),
                tls: new MutualTlsFiles(certificate, key, Certificates.Ca), redisSecurity: new RedisSecurity(RedisPassword, false, null, null));
            await TinySweeps.Eventually(
                () => Client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus(),
                s => s.Silos.Count == 2, TimeSpan.FromSeconds(90), "both TLS silos in the cluster status");
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}silo-a:{Environment.NewLine}{SiloA.Output}{Environment.NewLine}silo-b:{Environment.NewLine}{SiloB.Output}", e);
        }
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        SiloA?.Dispose();
        SiloB?.Dispose();
        await Redis.DisposeAsync();
        Certificates.Dispose();
        Directory.Delete(_checkpoints, recursive: true);
    }
}
