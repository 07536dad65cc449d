using Certsweep.Client.Connection;
using Certsweep.Cluster.Tests.Infrastructure;
using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Cluster.Tests;

/// <summary>Every silo process of a Redis cluster is SIGKILLed mid-sweep; new silo processes start on the same Redis
/// and checkpoint root, and the sweep carries on from its checkpoints with no client resubmitting it.</summary>
public sealed class WholeClusterCrashTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const int Slots = 2;

    [Fact]
    public async Task A_sweep_continues_from_its_checkpoints_after_every_silo_is_killed()
    {
        var checkpoints = Directory.CreateTempSubdirectory("certsweep-all-killed-").FullName;
        var silos = new List<SiloProcess>();
        try
        {
            silos.Add(SiloProcess.Start("silo-a", redis.Redis.ConnectionString, checkpoints, Slots));
            silos.Add(SiloProcess.Start("silo-b", redis.Redis.ConnectionString, checkpoints, Slots));
            List<TrialStatus> killed;
            await using (var connection = await ConnectAsync(2))
            {
                var coordinator = connection.Client.GetGrain<ISweepCoordinatorGrain>("all-killed");
                // 64 batches an epoch (about a second here): a trial seen with two epochs to go still has them when
                // both silos are gone, however the kills and the status it was seen in lag behind.
                Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(TinySweeps.Eight(epochs: 4, trainLimit: 2048))).Outcome);
                var before = await TinySweeps.Eventually(coordinator.GetStatus, s => s.Trials.Count(Interrupted) >= 2,
                    TimeSpan.FromSeconds(120), "two trials past their first epoch");
                killed = before.Trials.Where(Interrupted).ToList();
                foreach (var silo in silos)
                {
                    silo.Kill();
                }
            }

            silos.Add(SiloProcess.Start("silo-c", redis.Redis.ConnectionString, checkpoints, Slots));
            silos.Add(SiloProcess.Start("silo-d", redis.Redis.ConnectionString, checkpoints, Slots));
            await using (var connection = await ConnectAsync(2))
            {
                // Nothing here touches the sweep until it is done: the new silos wake it from storage.
                await TinySweeps.Eventually(
                    () => connection.Client.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key).List(),
                    list => list.Any(s => s.SweepId == "all-killed" && s.State != SweepState.Running), TimeSpan.FromMinutes(3), "the sweep to finish");

                var results = await connection.Client.GetGrain<ISweepCoordinatorGrain>("all-killed").GetResults();
                Assert.Equal(8, results.Status.Counts.Completed);
                Assert.All(results.Trials, t => Assert.Equal(new[] { 1, 2, 3, 4 }, t.Epochs.Select(e => e.Epoch)));
                foreach (var lost in killed)
                {
                    var history = results.Trials.Single(t => t.Status.TrialId == lost.TrialId);
                    var resumed = history.Epochs.Where(e => e.Attempt > lost.Attempt).ToList();
                    Assert.NotEmpty(resumed);
                    Assert.True(resumed[0].Epoch > lost.Epoch, $"{lost.TrialId} redid epoch {resumed[0].Epoch} though epoch {lost.Epoch} was checkpointed");
                    Assert.True(history.Status.ResumedFrom?.Epoch >= lost.Epoch, $"{lost.TrialId} did not resume from its checkpoint (resumed from {history.Status.ResumedFrom})");
                    Assert.All(resumed, e => Assert.Contains(e.Silo, new[] { "silo-c", "silo-d" }));
                }
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(
                string.Join(Environment.NewLine, new[] { e.Message }.Concat(silos.Select(s => $"{s.Name}:{Environment.NewLine}{s.Output}"))), e);
        }
        finally
        {
            silos.ForEach(s => s.Dispose());
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    /// <summary>A client of the test cluster, once the slot ledger lists <paramref name="silos"/> live silos.</summary>
    private async Task<ClusterConnection> ConnectAsync(int silos)
    {
        var connection = await ClusterConnection.ConnectRedisAsync(redis.Redis.ConnectionString, "certsweep-test", "certsweep-test", TimeSpan.FromSeconds(60));
        await TinySweeps.Eventually(
            () => connection.Client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus(),
            s => s.Silos.Count == silos, TimeSpan.FromSeconds(60), $"{silos} silos in the cluster status");
        return connection;
    }

    /// <summary>Running, past its first epoch and with two more to go, so it is still running when the silos go.</summary>
    private static bool Interrupted(TrialStatus t) => t.State == TrialState.Running && t.Epoch >= 1 && t.Epoch <= t.Epochs - 2;
}
