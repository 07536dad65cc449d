using Certsweep.Cluster.Tests.Infrastructure;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps.Scheduling;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;
using Orleans.Core.Internal;

namespace Certsweep.Cluster.Tests;

/// <summary>Sweeps with a scheduler and with TPE on two in-process silos whose trainer is <see cref="CurveTrialTrainer"/>;
/// their coordinator is deactivated midway and comes back from storage.</summary>
public sealed class AdaptiveSweepTests(AdaptiveSweepTests.CurveCluster fixture) : IClassFixture<AdaptiveSweepTests.CurveCluster>
{
    public sealed class CurveCluster : IAsyncLifetime
    {
        public TwoSiloCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await TwoSiloCluster.StartAsync(trainer: new CurveTrialTrainer());

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }

    private IClusterClient Client => fixture.Cluster.Client;

    private static IEnumerable<KeyValuePair<Parameter, ParameterValue>> Shared(int epochs) =>
    [
        Parameters.Dataset.Set(KnownDatasets.Synthetic),
        Parameters.Eps.Set(0.1),
        Parameters.Epochs.Set(epochs),
        Parameters.Warmup.Set(2),
        Parameters.LrMilestones.Set([]),
        Parameters.Model.Set(KnownModels.CnnFourLayerBn),
    ];

    [Fact]
    public async Task Asha_stops_trials_and_its_decisions_survive_the_coordinator_moving()
    {
        // One trial at a time, so every report reaches the coordinator in the order the epochs finished and the
        // decisions can be replayed exactly. Rungs at epochs 2 and 4 of 8.
        var spec = SweepSpec.Of(
            [
                .. Shared(epochs: 8),
                Parameters.MaxConcurrency.Set(1),
                Parameters.SchedulerKind.Set("asha"),
                Parameters.SchedulerMetric.Set("verified_error"),
                Parameters.SchedulerReductionFactor.Set(2),
                Parameters.SchedulerMinEpochs.Set(2),
                Parameters.SchedulerGrace.Set(0),
            ],
            SweepAxis.Of(Parameters.Lambda, 0.5, 0.3, 0.6, 0.1, 0.4, 0.2),
            SweepAxis.Of(Parameters.Seed, 1, 2));
        var coordinator = Client.GetGrain<ISweepCoordinatorGrain>("asha-move");
        Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(spec)).Outcome);

        var before = await TinySweeps.Eventually(coordinator.GetStatus, s => s.Counts.Stopped >= 2, TimeSpan.FromSeconds(60), "two trials stopped");
        Assert.Equal(SweepState.Running, before.State);
        await coordinator.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        var status = await TinySweeps.Eventually(coordinator.GetStatus, s => s.State != SweepState.Running, TimeSpan.FromMinutes(2), "the sweep to finish");
        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(12, status.Counts.Completed + status.Counts.Stopped);
        Assert.InRange(status.Counts.Stopped, 3, 11);

        // What was decided before the move stands.
        foreach (var stopped in before.Trials.Where(t => t.State == TrialState.Stopped))
        {
            Assert.Equal(stopped.Stop, status.Trials.Single(t => t.Number == stopped.Number).Stop);
        }

        // Stopped trials waited for the verdict on their rung's epoch, so their history ends there, also when the verdict
        // came from the moved coordinator; they are ranked with it, and say where and why they stopped.
        var results = await coordinator.GetResults();
        foreach (var trial in results.Trials.Where(t => t.Status.State == TrialState.Stopped))
        {
            var stop = trial.Status.Stop!;
            Assert.Contains(stop.Rung, new int?[] { 1, 2 });
            Assert.Equal(stop.Rung == 1 ? 2 : 4, stop.Epoch);
            Assert.StartsWith($"ASHA rung {stop.Rung}", trial.Status.Reason);
            Assert.Equal(stop.Epoch, trial.Epochs[^1].Epoch);
            Assert.Contains(status.Ranking, r => r.Number == trial.Status.Number && r.State == TrialState.Stopped);
        }

        // The decisions are those of one coordinator judging every epoch in the order they finished.
        Assert.Equal(Replay(results.Trials, new AshaScheduler("verified_error", 2, 2, 0)),
            results.Trials.Where(t => t.Status.Stop is not null).ToDictionary(t => t.Status.Number, t => t.Status.Stop!.Epoch));
    }

    [Fact]
    public async Task Tpe_proposes_its_trials_as_slots_free_up_and_a_moved_coordinator_keeps_them()
    {
        var spec = SweepSpec.Of(
            [
                .. Shared(epochs: 3),
                Parameters.MaxConcurrency.Set(2),
                Parameters.SearchKind.Set("tpe"),
                Parameters.SearchTrials.Set(10),
                Parameters.SearchStartup.Set(4),
                Parameters.SearchSeed.Set(5),
            ],
            new SweepAxis(Parameters.Lambda, null, new Distribution(DistributionKind.LogUniform, ParameterValue.Of(0.02), ParameterValue.Of(0.8))),
            SweepAxis.Of(Parameters.Seed, 1, 2));
        var coordinator = Client.GetGrain<ISweepCoordinatorGrain>("tpe-move");
        var submitted = await coordinator.Submit(spec);
        Assert.Equal((SubmitOutcome.Created, 10), (submitted.Outcome, submitted.Trials));

        // Trials exist only once they got a slot; the counts still speak of ten.
        var early = await coordinator.GetStatus();
        Assert.InRange(early.Trials.Count, 0, 2);
        Assert.Equal(10, early.Counts.Total);

        var before = await TinySweeps.Eventually(coordinator.GetResults, r => r.Trials.Count >= 5, TimeSpan.FromSeconds(60), "five trials proposed");
        await coordinator.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        var status = await TinySweeps.Eventually(coordinator.GetStatus, s => s.State != SweepState.Running, TimeSpan.FromMinutes(2), "the sweep to finish");
        Assert.Equal(SweepState.Completed, status.State);
        var results = await coordinator.GetResults();
        Assert.Equal(Enumerable.Range(1, 10), results.Trials.Select(t => t.Status.Number));
        foreach (var earlier in before.Trials)
        {
            Assert.Equal(earlier.Config, results.Trials.Single(t => t.Status.Number == earlier.Status.Number).Config);
        }

        Assert.All(results.Trials, t => Assert.InRange(t.Config!.Get(Parameters.Lambda), 0.02, 0.8));
        Assert.All(results.Trials, t => Assert.Equal(3, t.Epochs.Count));
        Assert.Equal(10, status.Ranking.Count);
    }

    /// <summary>Each trial's first stop when every epoch is judged in the order the epochs finished.</summary>
    private static Dictionary<int, int> Replay(IReadOnlyList<TrialHistory> trials, ITrialStoppingRule rule)
    {
        var records = new EpochRecords();
        var decisions = new Dictionary<int, int>();
        var all = trials.SelectMany(t => t.Epochs.Select(e =>
            new EpochRecord(t.Status.Number, e.Epoch, e.Epochs, e.Selection.VerifiedError!.Value, e.Eps, e.EpsMax, e.FinishedAt)));
        foreach (var record in all.OrderBy(r => r.FinishedAt).ThenBy(r => r.Trial))
        {
            records.Add(record);
            if (!decisions.ContainsKey(record.Trial) && rule.Judge(record, records) is { } stop)
            {
                decisions[record.Trial] = stop.Epoch;
            }
        }

        return decisions;
    }
}
