using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;
using Orleans.Runtime;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class SweepBookTests
{
    private static readonly DateTimeOffset T0 = Trials.T0;
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);

    /// <summary>ASHA with eta 2 from epoch 1, no grace, on the verified error: of two trials at a rung, the worse stops.</summary>
    private static SweepSpec Asha(SweepSpec spec) => spec.With(
        Parameters.SchedulerKind.Set("asha"), Parameters.SchedulerMetric.Set("verified_error"),
        Parameters.SchedulerReductionFactor.Set(2), Parameters.SchedulerMinEpochs.Set(1), Parameters.SchedulerGrace.Set(0));

    /// <summary>A TPE sweep of <paramref name="trials"/> trials over a log-uniform lambda.</summary>
    private static SweepSpec Tpe(int trials) => new(
        ParameterSet.Of([
            Parameters.Dataset.Set("synthetic"), Parameters.Epochs.Set(10), Parameters.Eps.Set(0.1),
            Parameters.SearchKind.Set("tpe"), Parameters.SearchTrials.Set(trials), Parameters.SearchSeed.Set(7),
        ]),
        [
            new SweepAxis(Parameters.Lambda, null, new Distribution(DistributionKind.LogUniform, ParameterValue.Of(0.01), ParameterValue.Of(2.0))),
            SweepAxis.Of(Parameters.Method, "fast"),
        ]);

    private static SweepBook Submitted(SweepSpec spec)
    {
        var book = SweepBook.Submit(Trials.Sweep, spec, T0);
        book.QueueTrials();
        return book;
    }

    private static SlotLease Lease(int slot, int trial) => new(Trials.Slot(slot), TrialId.Of(Trials.Sweep, trial));

    /// <summary>Trial <paramref name="n"/> running its first attempt on silo A.</summary>
    private static TrialStatus Running(int n, long revision = 1) =>
        Trials.Status(n, TrialState.Running, attempt: 1, revision: revision) with { SiloAddress = Trials.SiloA, Silo = "a" };

    /// <summary>Trial <paramref name="n"/>'s report of a finished <paramref name="epoch"/> at full eps.</summary>
    private static TrialStatus Epoch(int n, int epoch, double verified) => Running(n, revision: 1 + epoch) with
    {
        Epoch = epoch,
        Eps = 0.1,
        VerifiedError = verified,
        CleanError = verified / 2,
        LastEpochFinishedAt = T0.AddSeconds((10 * epoch) + n),
    };

    /// <summary>An epoch of a trial's history, finished after every epoch <see cref="Epoch"/> reports.</summary>
    private static EpochResult Result(int epoch, double verified)
    {
        var pass = new PassResult(100, verified / 2, verified, 1, 1, 1, null, null, null, null, null);
        return new EpochResult
        {
            Epoch = epoch, Epochs = 10, Eps = 0.1, EpsMax = 0.1, LearningRate = 1e-3, Train = pass, Test = pass, FinishedAt = T0.AddSeconds(100 + epoch),
        };
    }

    /// <summary>Leases slot i to the i-th trial the book wants from the ledger and answers each start with the trial
    /// running; returns the trials started.</summary>
    private static IReadOnlyList<int> StartWanted(SweepBook book)
    {
        var wanted = book.WantedFromLedger(T0);
        var (work, _) = book.AcceptLeases(wanted.Select((n, i) => Lease(i, n)).ToList(), wanted.Count, T0);
        var started = work.Commands.OfType<StartTrial>().Select(s => s.Number).ToList();
        foreach (var n in started)
        {
            book.StartAnswered(n, Running(n), T0);
        }

        book.Slots.TakeMessages();
        return started;
    }

    [Fact]
    public void A_submitted_grid_runs_with_every_trial_pending_and_queues_them_in_order_once_stored()
    {
        var book = SweepBook.Submit(Trials.Sweep, Trials.Spec(5), T0);
        Assert.Equal((SweepState.Running, 5, 5), (book.State, book.TrialCount, book.Counts().Pending));
        Assert.Empty(book.WantedFromLedger(T0));

        book.QueueTrials();
        Assert.Equal([1, 2, 3, 4, 5], book.WantedFromLedger(T0));

        var capped = Submitted(Trials.Spec(5).With(Parameters.MaxConcurrency.Set(2)));
        Assert.Equal([1, 2], capped.WantedFromLedger(T0));

        // Without a scheduler no trial waits for an answer to its reports.
        Assert.False(book.Launch(1, Trials.Slot(0)).AwaitsVerdicts);
    }

    [Fact]
    public void A_finished_epoch_the_scheduler_rejects_puts_the_stop_on_the_row_and_has_the_trial_told_once_stored()
    {
        var book = Submitted(Asha(Trials.Spec(2)));
        Assert.True(book.Launch(1, Trials.Slot(0)).AwaitsVerdicts);
        Assert.Equal([1, 2], StartWanted(book));
        Assert.Empty(book.Apply(Epoch(1, 1, 0.3), T0).Commands.OfType<StopTrial>());
        Assert.Null(book.StopDecidedFor(Epoch(1, 1, 0.3)));

        var work = book.Apply(Epoch(2, 1, 0.5), T0);
        var stop = Assert.Single(work.Commands.OfType<StopTrial>());
        Assert.Equal((2, true), (stop.Number, stop.StoreFirst));
        Assert.Equal((1, (int?)1), (stop.Stop.Epoch, stop.Stop.Rung));
        Assert.Equal(stop.Stop, book.Rows[2].Stop);
        Assert.Equal(TrialState.Running, book.Rows[2].State);
        Assert.True(work.StateChanged);
        Assert.Null(book.Rows[1].Stop);

        // The answer to the trial's report is the decision (the trial waits for it before its next epoch).
        Assert.Equal(stop.Stop, book.StopDecidedFor(Epoch(2, 1, 0.5)));
        Assert.Null(book.StopDecidedFor(Epoch(2, 1, 0.5) with { SweepId = "another" }));

        // The trial confirms: it ends stopped, and nothing is decided again.
        var stopped = Epoch(2, 1, 0.5) with { State = TrialState.Stopped, Revision = 9, Stop = stop.Stop, FinishedAt = T1 };
        Assert.Empty(book.Apply(stopped, T1).Commands.OfType<StopTrial>());
        Assert.Equal(TrialState.Stopped, book.Rows[2].State);
        Assert.Null(book.StopDecidedFor(stopped));
    }

    [Fact]
    public void A_stop_decided_for_a_trial_that_waits_for_a_slot_ends_it_at_once()
    {
        var book = Submitted(Asha(Trials.Spec(2)));
        StartWanted(book);
        book.Apply(Epoch(1, 1, 0.3), T0);

        // Trial 2 was handed back after its epoch 1: it would wait for a slot, but the epoch's verdict stops it.
        var handedBack = Epoch(2, 1, 0.5) with { State = TrialState.Pending, Preemptions = 1, Reason = "silo stopping" };
        var work = book.Apply(handedBack, T1);

        var stop = Assert.Single(work.Commands.OfType<StopTrial>());
        Assert.True(stop.StoreFirst);
        Assert.Equal((TrialState.Stopped, stop.Stop.Reason, (DateTimeOffset?)T1), (book.Rows[2].State, book.Rows[2].Reason, book.Rows[2].FinishedAt));
        Assert.Empty(book.WantedFromLedger(T1));
        Assert.True(work.Dispatch);
        Assert.Equal(1, book.Counts().Stopped);
    }

    [Fact]
    public void A_report_that_skips_an_epoch_reads_the_trials_history_which_the_scheduler_then_judges()
    {
        var book = Submitted(Asha(Trials.Spec(2)));
        StartWanted(book);
        book.Apply(Epoch(1, 1, 0.3), T0);

        var work = book.Apply(Epoch(2, 2, 0.9), T0);
        Assert.Equal(new ReadTrialHistory(2), Assert.Single(work.Commands));
        Assert.True(book.NeedsHistory(2));

        var judged = book.TakeHistory(2, [Result(1, 0.9), Result(2, 0.9)], T0);
        Assert.Equal(2, Assert.Single(judged.Commands.OfType<StopTrial>()).Number);
        Assert.False(book.NeedsHistory(2));
        Assert.NotNull(book.Rows[2].Stop);
    }

    [Fact]
    public void Reports_replace_older_rows_only_and_the_earliest_start_is_the_sweeps_first()
    {
        var book = Submitted(Trials.Spec(2));
        StartWanted(book);
        Assert.Null(book.FirstTrialStartedAt);
        book.Apply(Running(1, revision: 2) with { StartedAt = T0.AddSeconds(5) }, T0);
        book.Apply(Running(2, revision: 2) with { StartedAt = T0.AddSeconds(3) }, T0);
        Assert.Equal(T0.AddSeconds(3), book.FirstTrialStartedAt);

        var older = Running(1, revision: 1) with { Epoch = 7 };
        Assert.False(book.Apply(older, T0).StateChanged);
        Assert.Equal(0, book.Rows[1].Epoch);

        var elsewhere = Running(1, revision: 5) with { SweepId = "other", Epoch = 7 };
        Assert.Empty(book.Apply(elsewhere, T0).Commands);
        Assert.Equal(0, book.Rows[1].Epoch);
    }

    [Fact]
    public void Cancelling_cancels_the_queued_trials_and_tells_the_running_ones_and_those_that_do_not_confirm_end_cancelled_anyway()
    {
        var book = Submitted(Trials.Spec(4).With(Parameters.MaxConcurrency.Set(2)));
        StartWanted(book);

        var work = book.Cancel(T1);
        Assert.Equal((SweepState.Cancelled, (DateTimeOffset?)T1), (book.State, book.FinishedAt));
        Assert.Equal(2, work.Commands.Count);
        Assert.Equal([new CancelTrial(1, "sweep cancelled"), new CancelTrial(2, "sweep cancelled")], work.Commands.OfType<CancelTrial>().OrderBy(c => c.Number));
        Assert.All([book.Rows[3], book.Rows[4]], r => Assert.Equal((TrialState.Cancelled, "sweep cancelled before the trial started"), (r.State, r.Reason)));
        Assert.Empty(book.WantedFromLedger(T1));
        Assert.Empty(book.Cancel(T1).Commands);

        book.Apply(Trials.Status(1, TrialState.Cancelled, attempt: 1, revision: 5) with { Reason = "cancelled" }, T1);
        var unconfirmed = book.CancelUnconfirmed([1, 2], T1);
        Assert.Equal("cancelled", book.Rows[1].Reason);
        Assert.Equal((TrialState.Cancelled, "sweep cancelled; the trial did not confirm"), (book.Rows[2].State, book.Rows[2].Reason));
        Assert.True(unconfirmed.Dispatch);
        Assert.Equal(0, book.Slots.HoldingCount);
        Assert.Equal([Lease(0, 1), Lease(1, 2)], book.Slots.TakeMessages().Released.OrderBy(l => l.TrialId));
        Assert.Equal(4, book.Counts().Cancelled);
    }

    [Fact]
    public void A_trial_whose_silo_is_declared_dead_goes_back_to_the_front_of_the_queue_one_preemption_more()
    {
        var book = Submitted(Trials.Spec(3).With(Parameters.MaxConcurrency.Set(1)));
        Assert.Equal([1], StartWanted(book));

        var (alive, none) = book.RequeueTrialsOfDeadSilos(_ => SiloStatus.Active, T1);
        Assert.Empty(none);
        Assert.False(alive.StateChanged);

        var (work, requeued) = book.RequeueTrialsOfDeadSilos(silo => silo == Trials.SiloA ? SiloStatus.Dead : SiloStatus.Active, T1);
        Assert.Equal([1], requeued);
        Assert.True(work.StateChanged);
        Assert.Equal((TrialState.Pending, 1), (book.Rows[1].State, book.Rows[1].Preemptions));
        Assert.Contains("died", book.Rows[1].Reason);
        Assert.Equal([1], book.WantedFromLedger(T1));
        Assert.Equal([Lease(0, 1)], book.Slots.TakeMessages().Released);
    }

    [Fact]
    public void A_trial_with_a_stop_decision_whose_silo_died_is_stopped_instead_of_requeued()
    {
        var book = Submitted(Asha(Trials.Spec(2)));
        StartWanted(book);
        book.Apply(Epoch(1, 1, 0.3), T0);
        var stop = Assert.Single(book.Apply(Epoch(2, 1, 0.5), T0).Commands.OfType<StopTrial>()).Stop;

        var (work, requeued) = book.RequeueTrialsOfDeadSilos(_ => SiloStatus.Dead, T1);
        Assert.Equal([1, 2], requeued.Order());
        Assert.Equal(new StopTrial(2, stop, StoreFirst: true), Assert.Single(work.Commands));
        Assert.Equal((TrialState.Stopped, TrialState.Pending), (book.Rows[2].State, book.Rows[1].State));
    }

    [Fact]
    public void When_every_trial_has_ended_the_sweep_completes_and_the_registry_is_told()
    {
        var book = Submitted(Trials.Spec(2));
        StartWanted(book);

        var first = book.Apply(Trials.Status(1, TrialState.Completed, attempt: 1, revision: 9), T1);
        Assert.DoesNotContain(first.Commands, c => c is TellRegistryFinished);
        Assert.Equal(SweepState.Running, book.State);

        var last = book.Apply(Trials.Status(2, TrialState.Diverged, attempt: 1, revision: 9), T1);
        Assert.Contains(last.Commands, c => c is TellRegistryFinished);
        Assert.Equal((SweepState.Completed, (DateTimeOffset?)T1), (book.State, book.FinishedAt));
        Assert.True(last.StateChanged);
    }

    [Fact]
    public void A_sweep_with_a_trial_that_failed_after_its_retries_ends_failed()
    {
        var book = Submitted(Trials.Spec(2).With(Parameters.Retries.Set(1)));
        StartWanted(book);

        // The first failure is retried: the trial waits for a slot again.
        book.Apply(Trials.Status(1, TrialState.Failed, attempt: 1, revision: 9) with { Failures = 1 }, T1);
        Assert.Equal(TrialState.Pending, book.Rows[1].State);
        Assert.Equal([1], book.WantedFromLedger(T1));

        book.Apply(Trials.Status(1, TrialState.Failed, attempt: 2, revision: 9) with { Failures = 2 }, T1);
        var last = book.Apply(Trials.Status(2, TrialState.Completed, attempt: 1, revision: 9), T1);
        Assert.Contains(last.Commands, c => c is TellRegistryFinished);
        Assert.Equal(SweepState.Failed, book.State);
    }

    [Fact]
    public void Restoring_holds_the_running_trials_queues_the_pending_ones_and_carries_out_stored_stops_again()
    {
        var stop = new TrialStop(3, 1, "worse than half at rung 1");
        var stored = new SweepCoordinatorState
        {
            Spec = Trials.Spec(4),
            State = SweepState.Running,
            SubmittedAt = T0,
            FirstTrialStartedAt = T0,
            Trials =
            [
                Running(1),
                Running(2) with { Stop = stop },
                Trials.Status(3, TrialState.Pending, attempt: 1, revision: 4) with { Stop = stop },
                Trials.Status(4),
            ],
        };

        var (book, work) = SweepBook.Restore(Trials.Sweep, stored, T1);
        Assert.Equal([new StopTrial(2, stop, StoreFirst: false), new StopTrial(3, stop, StoreFirst: false)], work.Commands);
        Assert.Equal((TrialState.Stopped, stop.Reason), (book.Rows[3].State, book.Rows[3].Reason));
        Assert.True(work.StateChanged);
        Assert.Equal(2, book.Slots.HoldingCount);
        Assert.Equal([4], book.WantedFromLedger(T1));

        // The running trials are asked for their status on the first tick.
        Assert.Equal([1, 2], book.DueForStatusAsk(T1).Order());
        Assert.Equal((T0, (DateTimeOffset?)T0), (book.SubmittedAt, book.FirstTrialStartedAt));

        var again = new SweepCoordinatorState();
        book.Store(again);
        Assert.Equal(book.Rows.Snapshot(), again.Trials);
        Assert.Equal((stored.Spec, SweepState.Running), (again.Spec, again.State));
    }

    [Fact]
    public void A_finished_sweep_is_restored_as_it_was_with_nothing_to_do()
    {
        var stored = new SweepCoordinatorState
        {
            Spec = Trials.Spec(2),
            State = SweepState.Completed,
            FinishedAt = T0,
            Trials = [Trials.Status(1, TrialState.Completed, attempt: 1), Trials.Status(2, TrialState.Running, attempt: 1)],
        };

        var (book, work) = SweepBook.Restore(Trials.Sweep, stored, T1);
        Assert.Empty(work.Commands);
        Assert.Equal(0, book.Slots.HoldingCount);
        Assert.Empty(book.WantedFromLedger(T1));
        Assert.Equal((SweepState.Completed, (DateTimeOffset?)T0), (book.State, book.FinishedAt));
    }

    [Fact]
    public void A_tpe_sweep_proposes_a_trial_when_its_number_gets_a_slot_and_stores_it_before_it_starts()
    {
        var book = SweepBook.Submit(Trials.Sweep, Tpe(3), T0);
        Assert.Equal((0, 3, 3), (book.Rows.Count, book.TrialCount, book.Counts().Pending));
        book.QueueTrials();
        Assert.Equal([1, 2, 3], book.WantedFromLedger(T0));

        // The ledger answers for trial 2 first: trials 1 and 2 are proposed (in order), and 2 starts once stored.
        var (work, _) = book.AcceptLeases([Lease(0, 2)], 1, T0);
        var start = Assert.Single(work.Commands.OfType<StartTrial>());
        Assert.Equal((2, Trials.Slot(0), true), (start.Number, start.Slot, start.StoreFirst));
        Assert.Equal([1, 2], start.Proposed);
        Assert.Equal(2, book.Rows.Count);

        var proposals = new TrialProposals(Tpe(3), []);
        Assert.Equal(proposals.ProposeNext([]), book.Rows.Config(1));

        // Trial 1 was proposed already: it starts without waiting for a write.
        (work, _) = book.AcceptLeases([Lease(1, 1)], 1, T0);
        Assert.False(Assert.Single(work.Commands.OfType<StartTrial>()).StoreFirst);

        var stored = new SweepCoordinatorState();
        book.Store(stored);
        Assert.Equal((2, 2), (stored.Proposals.Count, stored.Trials.Count));
        var (restored, _) = SweepBook.Restore(Trials.Sweep, stored, T1);
        Assert.Equal(book.Rows.Config(1), restored.Rows.Config(1));
        Assert.Equal(book.Rows.Config(2), restored.Rows.Config(2));
        Assert.Equal([1, 2, 3], restored.WantedFromLedger(T1));
    }

    [Fact]
    public void A_proposal_that_could_not_be_stored_waits_and_its_slot_goes_to_the_next_queued_trial()
    {
        var book = SweepBook.Submit(Trials.Sweep, Tpe(3), T0);
        book.QueueTrials();
        var (work, _) = book.AcceptLeases([Lease(0, 1)], 3, T0);
        Assert.True(Assert.Single(work.Commands.OfType<StartTrial>()).StoreFirst);

        var notStored = book.ProposalNotStored(1);
        Assert.True(notStored.Dispatch);
        var spare = Assert.Single(book.AssignSpareSlots(T0).Commands.OfType<StartTrial>());
        Assert.Equal((2, Trials.Slot(0)), (spare.Number, spare.Slot));
        Assert.Equal(TrialState.Pending, book.Rows[1].State);
    }

    [Fact]
    public void A_trial_that_could_not_start_waits_for_another_slot_and_the_ledger_hears_the_slot_was_refused()
    {
        var book = Submitted(Trials.Spec(2));
        var (work, _) = book.AcceptLeases([Lease(0, 1), Lease(1, 2)], 2, T0);
        Assert.Equal(2, work.Commands.Count);

        var failed = book.StartFailed(1, Trials.Slot(0), "slot refused the trial", T0);
        Assert.True(failed.Dispatch);
        Assert.Equal("slot refused the trial", book.Rows[1].Reason);
        Assert.Equal([1], book.WantedFromLedger(T0));
        Assert.Equal([Trials.Slot(0)], book.Slots.TakeMessages().Refused);
        Assert.Equal(SweepState.Running, book.State);
    }

    [Fact]
    public void Status_and_summary_rank_the_trials_by_the_specs_objectives()
    {
        var book = Submitted(Trials.Spec(3));
        StartWanted(book);
        book.Apply(Trials.Status(1, TrialState.Completed, attempt: 1, revision: 9) with { Best = new BestEpoch(10, 0.1, 0.4) }, T1);
        book.Apply(Trials.Status(2, TrialState.Completed, attempt: 1, revision: 9) with { Best = new BestEpoch(10, 0.1, 0.2) }, T1);

        var status = book.Status();
        Assert.Equal((Trials.Sweep, 3, 2), (status.SweepId, status.Trials.Count, status.Counts.Completed));
        Assert.Equal(2, status.Best!.Number);
        Assert.Equal(0.1, status.Eps);
        var summary = book.Summary();
        Assert.Equal((2, 1), (summary.Best!.Number, summary.Counts.Running));
    }
}
