using Certsweep.Client.Connection;
using Certsweep.Cluster.Tests.Infrastructure;
using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Cluster.Tests;

/// <summary>
/// Four certsweep-silo processes on Redis: an idle silo is stopped gracefully and a busy one is killed, and the
/// trials running on the two that stay are never suspended, moved or restarted.
/// </summary>
public sealed class SiloDepartureTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Trials_on_the_remaining_silos_keep_their_attempt_when_an_idle_silo_stops_and_a_busy_one_is_killed()
    {
        var checkpoints = Directory.CreateTempSubdirectory("certsweep-departure-").FullName;
        // Six trials run on the two silos that stay: with the grain directory spread over the silos about half of
        // them would have their entry on one of the two that leave.
        using var stayA = SiloProcess.Start("stay-a", redis.Redis.ConnectionString, checkpoints, cpuSlots: 3);
        using var stayB = SiloProcess.Start("stay-b", redis.Redis.ConnectionString, checkpoints, cpuSlots: 3);
        using var busy = SiloProcess.Start("busy", redis.Redis.ConnectionString, checkpoints, cpuSlots: 2);
        using var idle = SiloProcess.Start("idle", redis.Redis.ConnectionString, checkpoints, cpuSlots: 0);
        var silos = new[] { stayA, stayB, busy, idle };
        try
        {
            await using var connection = await ClusterConnection.ConnectRedisAsync(
                redis.Redis.ConnectionString, "certsweep-test", "certsweep-test", TimeSpan.FromMinutes(3));
            var client = connection.Client;
            var ledger = client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key);
            await TinySweeps.Eventually(ledger.GetStatus, s => s.Silos.Count == 4, TimeSpan.FromMinutes(3), "all four silos in the cluster status");

            var coordinator = client.GetGrain<ISweepCoordinatorGrain>("departures");
            Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(TinySweeps.Eight(epochs: 30, trainLimit: 256))).Outcome);
            var before = await TinySweeps.Eventually(coordinator.GetStatus,
                s => s.Trials.Count(t => t.State == TrialState.Running && t.Epoch >= 1) == 8,
                TimeSpan.FromMinutes(5), "all eight trials running, each past its first epoch");
            var watched = before.Trials.Where(t => t.Silo == stayA.Name || t.Silo == stayB.Name).ToList();
            Assert.Equal(6, watched.Count);

            idle.Terminate(TimeSpan.FromMinutes(2));
            await TinySweeps.Eventually(ledger.GetStatus, s => s.Silos.Count == 3, TimeSpan.FromMinutes(2), "the idle silo gone from the cluster status");
            busy.Kill();
            await TinySweeps.Eventually(ledger.GetStatus, s => s.Silos.Count == 2, TimeSpan.FromMinutes(2), "the killed silo gone from the cluster status");

            // Two more epochs after both departures: long past the moment Orleans deactivates what it deactivates.
            await TinySweeps.Eventually(coordinator.GetStatus,
                s => watched.All(w => s.Trials.Single(t => t.TrialId == w.TrialId) is var t && (t.Epoch >= w.Epoch + 2 || t.State.IsFinal())),
                TimeSpan.FromMinutes(5), "two more epochs of every trial on the remaining silos");
            foreach (var w in watched)
            {
                var history = (await client.GetGrain<ITrialGrain>(w.TrialId).GetHistory())!;
                var status = history.Status;
                Assert.True(status.Attempt == w.Attempt && status.Preemptions == w.Preemptions,
                    $"{w.TrialId} on {w.Silo} got attempt {status.Attempt} (was {w.Attempt}), {status.Preemptions} preemption(s): {status.Reason}");
                Assert.Equal(w.Silo, status.Silo);
                Assert.All(history.Epochs, e => Assert.Equal(w.Attempt, e.Attempt));
                Assert.DoesNotContain("handed back", status.Reason ?? "", StringComparison.Ordinal);
                Assert.Contains(status.State, new[] { TrialState.Running, TrialState.Completed });
            }

            await coordinator.Cancel();
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(
                e.Message + string.Concat(silos.Select(s => $"{Environment.NewLine}{s.Name}:{Environment.NewLine}{s.Output}")), e);
        }
        finally
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }
}
