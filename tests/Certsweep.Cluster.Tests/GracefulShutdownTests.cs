using Certsweep.Cluster.Tests.Infrastructure;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Cluster.Tests;

/// <summary>A silo stopped gracefully mid-sweep hands its trials back; they resume elsewhere from their checkpoints.</summary>
public sealed class GracefulShutdownTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task A_silo_stopped_mid_sweep_loses_no_completed_epoch()
    {
        // Redis storage: memory storage would lose whatever state lived on the stopped silo.
        await using var cluster = await TwoSiloCluster.StartAsync(redis.Redis.ConnectionString);
        var stopped = cluster.Cluster.Silos[1];
        var coordinator = cluster.Client.GetGrain<ISweepCoordinatorGrain>("graceful");
        var spec = TinySweeps.Eight(epochs: 4, trainLimit: 512);
        Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(spec)).Outcome);

        var before = await TinySweeps.Eventually(coordinator.GetStatus,
            s => s.Trials.Any(t => Interrupted(t, stopped.Name)),
            TimeSpan.FromSeconds(90), $"a trial on {stopped.Name} past its first epoch");
        var watched = before.Trials.Where(t => Interrupted(t, stopped.Name)).ToList();
        var runs = cluster.Cluster.Silos.Select(cluster.RunsOf).ToList();

        await cluster.Cluster.StopSiloAsync(stopped);

        var status = await TinySweeps.Eventually(coordinator.GetStatus, s => s.State != SweepState.Running, TimeSpan.FromMinutes(3), "the sweep to finish");
        // Slots were never oversubscribed while the handed-back trials moved: no silo ever ran more training threads.
        Assert.All(runs, r => Assert.InRange(r.PeakTrainingThreads.Values.Sum(), 1, TwoSiloCluster.SlotsPerSilo));
        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(8, status.Counts.Completed);
        var results = await coordinator.GetResults();
        Assert.All(results.Trials, t => Assert.Equal(new[] { 1, 2, 3, 4 }, t.Epochs.Select(e => e.Epoch)));

        var survivor = cluster.Cluster.Silos.Single(s => s != stopped).Name;
        foreach (var handedBack in watched)
        {
            var history = results.Trials.Single(t => t.Status.TrialId == handedBack.TrialId);
            Assert.True(history.Status.Preemptions >= 1, $"{handedBack.TrialId} was not handed back");
            var resumed = history.Epochs.Where(e => e.Attempt > handedBack.Attempt).ToList();
            Assert.NotEmpty(resumed);
            Assert.True(resumed[0].Epoch > handedBack.Epoch, $"{handedBack.TrialId} restarted at epoch {resumed[0].Epoch} after epoch {handedBack.Epoch} was done");
            Assert.All(resumed, e => Assert.Equal(survivor, e.Silo));
            Assert.True(history.Status.ResumedFrom?.Epoch > handedBack.Epoch, $"{handedBack.TrialId} did not resume from its checkpoint (resumed from {history.Status.ResumedFrom})");
        }
    }

    /// <summary>Running on <paramref name="silo"/>, past its first epoch and with two more to go, so it is still
    /// running when the silo goes a moment later.</summary>
    private static bool Interrupted(TrialStatus t, string silo) =>
        t.State == TrialState.Running && t.Silo == silo && t.Epoch >= 1 && t.Epoch <= t.Epochs - 2;
}
