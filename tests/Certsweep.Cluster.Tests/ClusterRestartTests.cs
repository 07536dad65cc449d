using Certsweep.Cluster.Tests.Infrastructure;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Cluster.Tests;

/// <summary>With Redis storage a sweep outlives its whole cluster: every silo stops, new silos start, the sweep carries on.</summary>
public sealed class ClusterRestartTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task A_sweep_continues_after_every_silo_is_restarted()
    {
        var checkpoints = Directory.CreateTempSubdirectory("certsweep-restart-").FullName;
        var first = await TwoSiloCluster.StartAsync(redis.Redis.ConnectionString, checkpointRoot: checkpoints);
        var serviceId = first.Cluster.Options.ServiceId;
        var firstDisposed = false;
        try
        {
            var coordinator = first.Client.GetGrain<ISweepCoordinatorGrain>("restarted");
            Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(TinySweeps.Eight(epochs: 4, trainLimit: 512))).Outcome);
            await TinySweeps.Eventually(coordinator.GetStatus, s => s.Trials.Count(t => t.Epoch >= 1) >= 2,
                TimeSpan.FromSeconds(90), "two trials past their first epoch");
            await first.Cluster.StopAllSilosAsync();
            await first.DisposeAsync();
            firstDisposed = true;

            // Nothing tells the new cluster about the sweep: the silos wake unfinished sweeps when they start.
            await using var second = await TwoSiloCluster.StartAsync(redis.Redis.ConnectionString, serviceId, checkpoints);
            var resumed = second.Client.GetGrain<ISweepCoordinatorGrain>("restarted");
            await TinySweeps.Eventually(
                () => second.Client.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key).List(),
                list => list.Any(s => s.SweepId == "restarted" && s.State == SweepState.Completed), TimeSpan.FromMinutes(3), "the sweep to finish");

            var results = await resumed.GetResults();
            Assert.Equal(8, results.Status.Counts.Completed);
            Assert.All(results.Trials, t => Assert.Equal(new[] { 1, 2, 3, 4 }, t.Epochs.Select(e => e.Epoch)));
            Assert.Contains(results.Trials, t => t.Epochs[0].Attempt < t.Epochs[^1].Attempt && t.Status.ResumedFrom is { } from && (from.Epoch > 1 || from.Batch > 0));
        }
        finally
        {
            if (!firstDisposed)
            {
                await first.DisposeAsync();
            }

            Directory.Delete(checkpoints, recursive: true);
        }
    }
}
