using System.Net.Sockets;
using Certsweep.Cluster.Tests.Infrastructure;
using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hosting;

namespace Certsweep.Cluster.Tests;

/// <summary>The one-silo cluster the CLI starts in-process for <c>certsweep sweep run</c>.</summary>
public sealed class EmbeddedClusterTests
{
    [Fact]
    public async Task An_embedded_silo_runs_a_sweep_to_the_end_on_its_cpu_slots()
    {
        var checkpoints = Directory.CreateTempSubdirectory("certsweep-embedded-").FullName;
        try
        {
            await using var cluster = await EmbeddedCluster.StartAsync(cpuSlots: 2, checkpoints);
            var slots = await TinySweeps.Eventually(
                () => cluster.Client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus(),
                s => s.Silos.Count == 1, TimeSpan.FromSeconds(10), "the embedded silo in the cluster status");
            Assert.Equal(2, slots.TotalSlots);
            var coordinator = cluster.Client.GetGrain<ISweepCoordinatorGrain>("embedded");
            var spec = TinySweeps.Eight(epochs: 2).With(SweepAxis.Of(Parameters.Seed, 1));
            Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(spec)).Outcome);
            var status = await TinySweeps.Eventually(coordinator.GetStatus, s => s.State != SweepState.Running, TimeSpan.FromMinutes(2), "the sweep to finish");

            Assert.Equal(SweepState.Completed, status.State);
            Assert.Equal(4, status.Counts.Completed);
            Assert.Equal(4, Directory.EnumerateFiles(checkpoints, "checkpoint.last", SearchOption.AllDirectories).Count());
        }
        finally
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    [Fact]
    public async Task The_embedded_silo_and_gateway_ports_listen_on_loopback_only()
    {
        var checkpoints = Directory.CreateTempSubdirectory("certsweep-embedded-").FullName;
        try
        {
            await using var cluster = await EmbeddedCluster.StartAsync(cpuSlots: 1, checkpoints);

            foreach (var port in new[] { cluster.Options.SiloPort, cluster.Options.GatewayPort })
            {
                Assert.Equal(SocketError.Success, await TcpConnect.TryAsync("127.0.0.1", port));
                // Another loopback address reaches a socket bound to every interface, not one bound to 127.0.0.1.
                Assert.Equal(SocketError.ConnectionRefused, await TcpConnect.TryAsync("127.0.0.2", port));
            }
        }
        finally
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    [Fact]
    public async Task The_coordinator_checks_a_sweep_against_the_silos_trial_limit_not_the_default()
    {
        var checkpoints = Directory.CreateTempSubdirectory("certsweep-embedded-").FullName;
        try
        {
            await using var cluster = await EmbeddedCluster.StartAsync(cpuSlots: 1, checkpoints, maxTrials: 7);
            var result = await cluster.Client.GetGrain<ISweepCoordinatorGrain>("over-the-limit").Submit(TinySweeps.Eight());

            Assert.Equal(SubmitOutcome.Invalid, result.Outcome);
            var error = Assert.Single(result.Errors);
            Assert.Equal(("axes", "a grid of 8 trials"), (error.Field, error.Value));
            Assert.Equal("at most 7 trials (raise the limit with the silos' --max-trials (CERTSWEEP_MAXTRIALS), or shrink an axis)", error.Allowed);
        }
        finally
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }
}
