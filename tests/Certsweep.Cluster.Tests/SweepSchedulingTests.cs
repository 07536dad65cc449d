using Certsweep.Cluster.Tests.Infrastructure;
using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Training;
using Certsweep.Grains.Trials;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;

namespace Certsweep.Cluster.Tests;

/// <summary>Sweeps on two in-process silos with two CPU slots each, training real tiny models.</summary>
public sealed class SweepSchedulingTests(InProcessClusterFixture fixture) : IClassFixture<InProcessClusterFixture>
{
    private TwoSiloCluster Cluster => fixture.Cluster;

    private sealed class EpochRecorder(List<EpochReport> reports) : ITrainingObserver
    {
        public void OnEpoch(EpochReport report) => reports.Add(report);

        public void OnBatch(BatchProgress progress)
        {
        }
    }

    [Fact]
    public async Task A_sweep_of_eight_trials_completes_with_each_trials_results_ranked_and_slots_never_oversubscribed()
    {
        var spec = TinySweeps.Eight();
        var coordinator = Cluster.Client.GetGrain<ISweepCoordinatorGrain>("eight");
        var submitted = await coordinator.Submit(spec);
        Assert.Equal(SubmitOutcome.Created, submitted.Outcome);
        Assert.Equal(8, submitted.Trials);

        var cluster = await TinySweeps.Eventually(
            () => Cluster.Client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus(),
            s => s.BusySlots > 0, TimeSpan.FromSeconds(30), "a busy slot in the cluster status");
        Assert.Equal(2, cluster.Silos.Count);
        Assert.Equal(2 * TwoSiloCluster.SlotsPerSilo, cluster.TotalSlots);
        Assert.All(cluster.Silos.SelectMany(s => s.Devices).SelectMany(d => d.Slots).Where(s => s.TrialId is not null),
            slot => Assert.StartsWith("eight/", slot.TrialId));

        var running = await coordinator.GetStatus();
        Assert.Equal(SweepState.Running, running.State);
        Assert.Equal(8, running.Counts.Total);

        var status = await TinySweeps.Eventually(coordinator.GetStatus, s => s.State != SweepState.Running, TimeSpan.FromMinutes(2), "the sweep to finish");
        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(new TrialCounts(0, 0, 8, 0, 0, 0), status.Counts);
        Assert.NotNull(status.FirstTrialStartedAt);

        var results = await coordinator.GetResults();
        Assert.Equal(8, results.Trials.Count);
        foreach (var trial in results.Trials)
        {
            Assert.Equal(TrialState.Completed, trial.Status.State);
            Assert.Equal(new[] { 1, 2, 3 }, trial.Epochs.Select(e => e.Epoch));
            Assert.All(trial.Epochs, e => Assert.InRange(e.Test.CleanError, 0, 1));
            Assert.Equal(spec.Get(Parameters.Eps), trial.Epochs[^1].Eps, 12);
            var best = trial.Epochs.Where(e => e.AtFullEps).MinBy(e => e.Test.VerifiedError!.Value)!;
            Assert.Equal(best.Test.VerifiedError, trial.Status.Best!.VerifiedError);
            Assert.Contains(trial.Status.Silo, Cluster.Cluster.Silos.Select(s => s.Name));
        }

        // Ranking: by best verified error at full eps, then clean error, then number.
        var expected = results.Trials.Select(t => t.Status)
            .OrderBy(t => t.Best!.VerifiedError).ThenBy(t => t.Best!.CleanError).ThenBy(t => t.Number)
            .Select(t => t.TrialId);
        Assert.Equal(expected, status.Ranking.Select(r => r.TrialId));
        Assert.Equal(status.Ranking[0].TrialId, (await coordinator.GetBest())!.Status.TrialId);

        // Training threads per silo never outnumbered its slots, and both silos trained.
        foreach (var silo in Cluster.Cluster.Silos)
        {
            var peak = Cluster.RunsOf(silo).PeakTrainingThreads;
            Assert.InRange(peak.Values.Sum(), 1, TwoSiloCluster.SlotsPerSilo);
        }

        // Each trial trained with its own axis values: its eps schedule (warmup length), its data limits.
        foreach (var trial in results.Trials)
        {
            var options = new TrainingOptions { Trial = trial.Config! };
            var trainLimit = spec.Get(Parameters.TrainLimit)!.Value;
            var schedule = options.EpsSchedule(IbpTrainer.CountBatches(trainLimit, spec.Get(Parameters.BatchSize), 1));
            Assert.Equal(trial.Epochs.Select(e => schedule.EpsAfterEpoch(e.Epoch)), trial.Epochs.Select(e => e.Eps));
            Assert.All(trial.Epochs, e => Assert.Equal(((long)trainLimit, (long)spec.Get(Parameters.TestLimit)!.Value), (e.Train.Samples, e.Test.Samples)));
            Assert.Equal(trial.Status.Axes[Parameters.Warmup], trial.Config!.Values[Parameters.Warmup]);
        }

        // Resubmitting is a no-op; a different spec under the same id is refused; the registry lists it.
        Assert.Equal(SubmitOutcome.AlreadyExists, (await coordinator.Submit(TinySweeps.Eight())).Outcome);
        Assert.Equal(SubmitOutcome.Conflict, (await coordinator.Submit(spec.With(Parameters.Epochs.Set(4)))).Outcome);
        var listed = await Cluster.Client.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key).List();
        var summary = Assert.Single(listed, s => s.SweepId == "eight");
        Assert.Equal(SweepState.Completed, summary.State);
        Assert.Equal(status.Ranking[0].TrialId, summary.Best!.TrialId);

        var idle = await TinySweeps.Eventually(
            () => Cluster.Client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus(),
            s => s.BusySlots == 0, TimeSpan.FromSeconds(15), "every slot to be free again");
        Assert.Equal(4, idle.TotalSlots);
    }

    [Fact]
    public async Task An_invalid_spec_or_id_is_refused_and_nothing_is_stored()
    {
        var bad = await Cluster.Client.GetGrain<ISweepCoordinatorGrain>("bad-spec").Submit(TinySweeps.Eight().With(Parameters.Epochs.Set(0)));
        Assert.Equal(SubmitOutcome.Invalid, bad.Outcome);
        Assert.Contains(bad.Errors, e => e.Field == "epochs");
        Assert.Equal(SweepState.Unknown, (await Cluster.Client.GetGrain<ISweepCoordinatorGrain>("bad-spec").GetStatus()).State);

        var badId = await Cluster.Client.GetGrain<ISweepCoordinatorGrain>("no spaces please").Submit(TinySweeps.Eight());
        Assert.Equal(SubmitOutcome.Invalid, badId.Outcome);
        Assert.Equal("id", Assert.Single(badId.Errors).Field);
    }

    [Fact]
    public async Task A_failing_trial_is_retried_then_failed_and_early_stopping_ends_a_trial_at_its_patience()
    {
        // mnist with no data root: every attempt fails on the missing data set.
        var failing = TinySweeps.Single().With(Parameters.Dataset.Set(KnownDatasets.Mnist), Parameters.Retries.Set(1));
        var failed = Cluster.Client.GetGrain<ISweepCoordinatorGrain>("failing");
        Assert.Equal(SubmitOutcome.Created, (await failed.Submit(failing)).Outcome);
        var failedStatus = await TinySweeps.Eventually(failed.GetStatus, s => s.State != SweepState.Running, TimeSpan.FromSeconds(60), "the failing sweep to end");
        var trial = Assert.Single(failedStatus.Trials);
        Assert.Equal(SweepState.Failed, failedStatus.State);
        Assert.Equal(TrialState.Failed, trial.State);
        Assert.Equal(2, trial.Failures);
        Assert.Equal(2, trial.Attempt);
        Assert.Contains("Dataset 'mnist' not found", trial.Reason);

        // min_delta 1: no epoch can improve, so every trial stops one epoch after its first at full eps.
        var stopping = TinySweeps.Single(epochs: 5, 1, 2).With(Parameters.Patience.Set(1), Parameters.MinDelta.Set(1));
        var stopped = Cluster.Client.GetGrain<ISweepCoordinatorGrain>("early");
        Assert.Equal(SubmitOutcome.Created, (await stopped.Submit(stopping)).Outcome);
        await TinySweeps.Eventually(stopped.GetStatus, s => s.State != SweepState.Running, TimeSpan.FromSeconds(60), "the early-stopped sweep to end");
        var results = await stopped.GetResults();
        Assert.All(results.Trials, t =>
        {
            Assert.Equal(TrialState.Completed, t.Status.State);
            Assert.True(t.Status.EarlyStopped);
            var firstAtFullEps = t.Epochs.First(e => e.AtFullEps).Epoch;
            Assert.Equal(Enumerable.Range(1, firstAtFullEps + 1), t.Epochs.Select(e => e.Epoch));
            Assert.True(t.Epochs.Count < stopping.Get(Parameters.Epochs));
        });
    }

    [Fact]
    public async Task A_trial_whose_loss_becomes_nan_ends_diverged_with_its_epoch_and_term_and_is_not_retried()
    {
        // Two batches an epoch; Adam's first step with a learning rate of 1e30 makes the second batch's loss NaN.
        var exploding = TinySweeps.Single().With(Parameters.LearningRate.Set(1e30), Parameters.Retries.Set(2));
        var coordinator = Cluster.Client.GetGrain<ISweepCoordinatorGrain>("diverging");
        Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(exploding)).Outcome);

        var status = await TinySweeps.Eventually(coordinator.GetStatus, s => s.State != SweepState.Running, TimeSpan.FromSeconds(60), "the diverging sweep to end");

        Assert.Equal(1, status.Counts.Diverged);
        var trial = Assert.Single(status.Trials);
        Assert.Equal(TrialState.Diverged, trial.State);
        Assert.Equal(1, trial.Attempt);
        Assert.Equal(0, trial.Failures);
        var divergence = Assert.IsType<Divergence>(trial.Divergence);
        Assert.Equal((1, 2), (divergence.Epoch, divergence.Batch));
        Assert.False(double.IsFinite(divergence.Value));
        Assert.Contains(divergence.Term, trial.Reason);
        Assert.Empty((await coordinator.GetResults()).Trials.Single().Epochs);
    }

    [Fact]
    public async Task A_trial_takes_the_epochs_its_checkpoint_holds_into_its_history()
    {
        // Two epochs trained where the trial keeps its checkpoint, and none recorded in grain storage (as when
        // storage was down while they ran and the silo then died): the trial resumes and reports them first.
        var spec = TinySweeps.Single(epochs: 3);
        var options = new TrainingOptions { Trial = SweepExpansion.Expand(spec).Single() };
        var earlier = new List<EpochReport>();
        using (var data = DatasetCatalog.Load(options.DatasetRequest))
        using (var trainer = new IbpTrainer(options.With(Parameters.Epochs.Set(2)), data, TorchSharp.torch.CPU,
            new TrialExecutionOptions(Cluster.CheckpointRoot, null).CheckpointDirectory("recovered", 1), new EpochRecorder(earlier)))
        {
            trainer.Run();
        }

        var coordinator = Cluster.Client.GetGrain<ISweepCoordinatorGrain>("recovered");
        Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(spec)).Outcome);
        await TinySweeps.Eventually(coordinator.GetStatus, s => s.State != SweepState.Running, TimeSpan.FromSeconds(60), "the sweep to end");

        var trial = (await coordinator.GetResults()).Trials.Single();
        Assert.Equal(TrialState.Completed, trial.Status.State);
        Assert.Equal(new[] { 1, 2, 3 }, trial.Epochs.Select(e => e.Epoch));
        Assert.Equal(3, trial.Status.ResumedFrom?.Epoch);
        Assert.Equal(earlier.Select(r => (r.Test.CleanError, r.Test.VerifiedError, r.Train.Loss)),
            trial.Epochs.Take(2).Select(e => (e.Test.CleanError, e.Test.VerifiedError, e.Train.Loss)));
    }

    [Fact]
    public async Task Cancel_stops_every_running_trial_within_one_batch()
    {
        // 64 batches per epoch: long enough that every trial is mid-epoch when the cancel arrives.
        var spec = TinySweeps.Eight(epochs: 5, trainLimit: 2048, batchSize: 32);
        var coordinator = Cluster.Client.GetGrain<ISweepCoordinatorGrain>("cancelled");
        Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(spec)).Outcome);
        var running = await TinySweeps.Eventually(coordinator.GetStatus, s => s.Counts.Running == 4, TimeSpan.FromSeconds(60), "four running trials");
        var trials = running.Trials.Where(t => t.State == TrialState.Running).Select(t => Cluster.Client.GetGrain<ITrialGrain>(t.TrialId)).ToList();
        await TinySweeps.Eventually(
            async () => await Task.WhenAll(trials.Select(t => t.GetStatus())),
            all => all.All(s => s!.Batch >= 1), TimeSpan.FromSeconds(60), "every running trial to train a batch");

        var cancelled = await coordinator.Cancel();

        Assert.Equal(SweepState.Cancelled, cancelled.State);
        Assert.Equal(8, cancelled.Counts.Cancelled);
        foreach (var trial in trials)
        {
            var final = (await trial.GetStatus())!;
            Assert.Equal(TrialState.Cancelled, final.State);
            Assert.NotNull(final.CancelRequestedAt);
            Assert.NotNull(final.StoppedAt);
            Assert.InRange(final.StoppedAt!.Global - final.CancelRequestedAt!.Global, 0, 1);
        }

        var idle = await TinySweeps.Eventually(
            () => Cluster.Client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus(),
            s => s.BusySlots == 0, TimeSpan.FromSeconds(15), "every slot to be free again");
        Assert.Equal(0, idle.BusySlots);
    }
}
