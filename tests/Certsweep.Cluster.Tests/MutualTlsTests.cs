using System.Globalization;
using System.Text.RegularExpressions;
using Certsweep.Cluster.Tests.Infrastructure;
using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Cluster.Tests;

/// <summary>
/// Mutual TLS between real silo processes and with the certsweep CLI as a process, on a Redis with a password, with
/// certificates made here: a sweep runs end to end over TLS; a client without a certificate the cluster's CA issued is
/// refused with the reason and exit code 3; a silo with such a certificate never joins. The tests share the cluster.
/// </summary>
public sealed class MutualTlsTests(MutualTlsClusterFixture cluster) : IClassFixture<MutualTlsClusterFixture>
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(3);

    private const string Config = "cluster_id: certsweep-test\nservice_id: certsweep-test\n";

    private const string Spec = """
        name: tls
        dataset: synthetic
        train_limit: 64
        test_limit: 32
        eps: 0.1
        epochs: 2
        batch_size: 32
        lr_milestones: []
        axes:
          model: [cnn_4layer_bn]
          method: [vanilla, fast]
          lambda: [0.5]
          warmup: [1]
          seed: [1, 2]
        retries: 0

        """;

    private Dictionary<string, string> Environment => new()
    {
        ["CERTSWEEP_CLUSTER"] = $"redis://{cluster.Redis.ConnectionString}",
        ["CERTSWEEP_REDISPASSWORD"] = MutualTlsClusterFixture.RedisPassword,
    };

    [Fact]
    public async Task A_sweep_submitted_by_the_cli_runs_to_the_end_on_two_tls_silos_over_a_redis_with_a_password()
    {
        var (certificate, key) = cluster.Certificates.Issue("cli", cluster.Certificates.Ca);
        var spec = Path.Combine(cluster.CheckpointRoot, "tls.yaml");
        await File.WriteAllTextAsync(spec, Spec);

        var submit = await CertsweepCli.RunAsync(Environment, Config, CliTimeout,
            "sweep", "submit", spec, "--id", "tls-e2e", "--watch", "--tls-certificate", certificate, "--tls-key", key, "--tls-ca", cluster.Certificates.Ca);

        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains("sweep tls-e2e (tls): completed - 4 trials", submit.Stdout, StringComparison.Ordinal);
        var status = await cluster.Client.GetGrain<ISweepCoordinatorGrain>("tls-e2e").GetStatus();
        Assert.Equal((SweepState.Completed, 4), (status.State, status.Counts.Completed));
        // Both silos trained (the sweep crossed silo-to-silo TLS too), and the password is in no log line.
        Assert.Equal(["silo-a", "silo-b"], status.Trials.Select(t => t.Silo).Distinct().Order());
        Assert.Contains("RedisStorageOptions-certsweep", cluster.SiloB.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(MutualTlsClusterFixture.RedisPassword, cluster.SiloA.Output + cluster.SiloB.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_tls_is_refused_with_the_reason_and_exit_code_3()
    {
        var result = await CertsweepCli.RunAsync(Environment, Config, CliTimeout, "cluster", "status");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.True(Regex.IsMatch(result.Stderr, @"^error: cannot reach the cluster 'certsweep-test' .*: the gateway at 127\.0\.0\.1:\d+ requires TLS \(its certificate: 'CN=silo-[ab]'\) and this client connects without\. To fix: give this client a certificate issued by the cluster's CA"), result.ToString());
    }

    [Fact]
    public async Task A_client_whose_certificate_another_ca_issued_is_refused_by_the_gateway_with_the_reason_and_exit_code_3()
    {
        var (certificate, key) = cluster.Certificates.Issue("rogue-client", cluster.Certificates.UntrustedCa);

        var result = await CertsweepCli.RunAsync(Environment, Config, CliTimeout,
            "cluster", "status", "--tls-certificate", certificate, "--tls-key", key, "--tls-ca", cluster.Certificates.Ca);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.True(Regex.IsMatch(result.Stderr, @"the gateway at 127\.0\.0\.1:\d+ refused this client's certificate 'CN=rogue-client' \(issued by 'CN=untrusted CA'; .*\)\. To fix: use a certificate issued by the CA the silos trust"), result.ToString());
        Assert.Contains("Refused the TLS certificate of a client connecting to this silo's gateway port: the certificate 'CN=rogue-client' (issued by 'CN=untrusted CA') is not issued by the CA",
            cluster.SiloA.Output + cluster.SiloB.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_whose_certificate_another_ca_issued_never_joins_and_the_cluster_logs_why()
    {
        using var rogue = SiloProcess.Start("rogue-silo", cluster.Redis.ConnectionString, cluster.CheckpointRoot, cpuSlots: 1,
            cluster.SiloSecurity("rogue-silo", cluster.Certificates.UntrustedCa, cluster.Certificates.UntrustedCa));
        const string refusal = "Refused the TLS certificate of a silo connecting to this silo's silo port: the certificate 'CN=rogue-silo' (issued by 'CN=untrusted CA') is not issued by the CA";
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (!(cluster.SiloA.Output + cluster.SiloB.Output).Contains(refusal, StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, "no silo logged that it refused the rogue silo's certificate");
                await Task.Delay(500);
            }

            // Its attempts go on while it is given the time a join takes here; it stays out all along.
            var ledger = cluster.Client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key);
            var hosts = cluster.Client.GetGrain<IManagementGrain>(0);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(["silo-a", "silo-b"], (await ledger.GetStatus()).Silos.Select(s => s.Name).Order());
                Assert.Equal(2, (await hosts.GetHosts(onlyActive: true)).Count);
                await Task.Delay(1000);
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}{System.Environment.NewLine}rogue-silo (exited: {rogue.HasExited}):{System.Environment.NewLine}{rogue.Output}", e);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException(string.Create(CultureInfo.InvariantCulture, $"{e.Message}{System.Environment.NewLine}rogue-silo (exited: {rogue.HasExited}):{System.Environment.NewLine}{rogue.Output}"));
        }
    }

    [Theory]
    [InlineData("not-the-password")]
    [InlineData("")]
    public async Task A_client_with_a_wrong_or_no_redis_password_is_told_redis_refused_it_with_exit_code_3(string password)
    {
        var (certificate, key) = cluster.Certificates.Issue("cli-wrong-password", cluster.Certificates.Ca);
        var environment = new Dictionary<string, string>(Environment) { ["CERTSWEEP_REDISPASSWORD"] = password };

        var result = await CertsweepCli.RunAsync(environment, Config, CliTimeout,
            "cluster", "status", "--tls-certificate", certificate, "--tls-key", key, "--tls-ca", cluster.Certificates.Ca);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.True(Regex.IsMatch(result.Stderr,
            @"^error: cannot reach the cluster 'certsweep-test' registered in Redis at redis://127\.0\.0\.1:\d+: Redis refused (the|a missing) password \(.+\)\. To fix: .*\$CERTSWEEP_REDISPASSWORD"), result.ToString());
        Assert.DoesNotContain(MutualTlsClusterFixture.RedisPassword, result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_with_a_wrong_redis_password_stops_and_says_redis_refused_it()
    {
        using var silo = SiloProcess.Start("wrong-password", cluster.Redis.ConnectionString, cluster.CheckpointRoot, cpuSlots: 1,
            [.. cluster.SiloSecurity("wrong-password", cluster.Certificates.Ca, cluster.Certificates.Ca)[..6], "--redis-password", "not-the-password"]);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        await silo.WaitForExitAsync(limit.Token);

        Assert.True(silo.ExitCode != 0, silo.Output);
        Assert.Contains("Redis refused the password", silo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", silo.Output, StringComparison.Ordinal);
    }
}
