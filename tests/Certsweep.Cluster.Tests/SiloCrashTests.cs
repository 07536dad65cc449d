using Certsweep.Client.Connection;
using Certsweep.Cluster.Tests.Infrastructure;
using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Hosting;

namespace Certsweep.Cluster.Tests;

/// <summary>Two certsweep-silo processes on Redis and a client process (this one); one silo is SIGKILLed mid-trial.</summary>
public sealed class SiloCrashTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Trials_of_a_killed_silo_resume_from_their_checkpoints_on_the_other_and_the_sweep_completes()
    {
        const int slots = 2;
        var checkpoints = Directory.CreateTempSubdirectory("certsweep-crash-").FullName;
        using var siloA = SiloProcess.Start("silo-a", redis.Redis.ConnectionString, checkpoints, cpuSlots: slots);
        using var siloB = SiloProcess.Start("silo-b", redis.Redis.ConnectionString, checkpoints, cpuSlots: slots);
        try
        {
            await using var connection = await ClusterConnection.ConnectRedisAsync(
                redis.Redis.ConnectionString, "certsweep-test", "certsweep-test", TimeSpan.FromSeconds(60));
            var client = connection.Client;
            await TinySweeps.Eventually(
                () => client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus(),
                s => s.Silos.Count == 2, TimeSpan.FromSeconds(60), "both silos in the cluster status");

            var coordinator = client.GetGrain<ISweepCoordinatorGrain>("crash");
            Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(TinySweeps.Eight(epochs: 4, trainLimit: 512))).Outcome);
            var before = await TinySweeps.Eventually(coordinator.GetStatus,
                s => s.Trials.Any(t => Interrupted(t, siloB.Name)),
                TimeSpan.FromSeconds(120), "a trial on silo-b past its first epoch");
            var killed = before.Trials.Where(t => Interrupted(t, siloB.Name)).ToList();

            using var survivorLoad = new TrialsRunningSampler(siloA.HttpPort);
            siloB.Kill();

            var status = await TinySweeps.Eventually(coordinator.GetStatus, s => s.State != SweepState.Running, TimeSpan.FromMinutes(3), "the sweep to finish");
            // The failover never trained more trials on the surviving silo than it has slots (its own gauge, read
            // every 100 ms from the kill to the end).
            Assert.InRange(await survivorLoad.StopAsync(), 1, slots);
            Assert.Equal(SweepState.Completed, status.State);
            Assert.Equal(8, status.Counts.Completed);
            var results = await coordinator.GetResults();
            Assert.All(results.Trials, t => Assert.Equal(new[] { 1, 2, 3, 4 }, t.Epochs.Select(e => e.Epoch)));
            foreach (var lost in killed)
            {
                var history = results.Trials.Single(t => t.Status.TrialId == lost.TrialId);
                Assert.True(history.Status.Preemptions >= 1, $"{lost.TrialId} was not counted as preempted");
                var resumed = history.Epochs.Where(e => e.Attempt > lost.Attempt).ToList();
                Assert.NotEmpty(resumed);
                Assert.True(resumed[0].Epoch > 1, $"{lost.TrialId} restarted from epoch 1");
                Assert.True(history.Status.ResumedFrom?.Epoch > lost.Epoch, $"{lost.TrialId} did not resume from its checkpoint (resumed from {history.Status.ResumedFrom})");
                Assert.True(resumed[0].Epoch > lost.Epoch, $"{lost.TrialId} redid epoch {resumed[0].Epoch} though epoch {lost.Epoch} was checkpointed");
                Assert.All(resumed, e => Assert.Equal(siloA.Name, e.Silo));
            }

            var cluster = await client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus();
            Assert.Equal(siloA.Name, Assert.Single(cluster.Silos).Name);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}silo-a:{Environment.NewLine}{siloA.Output}{Environment.NewLine}silo-b:{Environment.NewLine}{siloB.Output}", e);
        }
        finally
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    /// <summary>Running on <paramref name="silo"/>, past its first epoch and with two more to go, so it is still
    /// running when the silo goes a moment later.</summary>
    private static bool Interrupted(TrialStatus t, string silo) =>
        t.State == TrialState.Running && t.Silo == silo && t.Epoch >= 1 && t.Epoch <= t.Epochs - 2;
}
