using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps.Scheduling;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Sweeps;
using Orleans.Runtime;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// One sweep as its coordinator keeps it, and every decision the coordinator makes about it, with no calls and no
/// awaits: the sweep's state and times; its trials' rows (<see cref="TrialRows"/>); which trials wait for a slot and
/// which hold one (<see cref="TrialDispatcher"/>); what reports make of the rows (<see cref="TrialReportPolicy"/>); the
/// scheduler's records and stop decisions (<see cref="TrialScheduler"/>; a decision is put on the trial's row before the
/// trial is told); a TPE sweep's proposals (<see cref="TrialProposals"/>); whether running trials are alive
/// (<see cref="TrialLiveness"/>). A method that changes anything returns what the grain is to do about it
/// (<see cref="SweepWork"/>).
/// </summary>
internal sealed class SweepBook
{
    private readonly TrialDispatcher _dispatcher;
    private readonly TrialScheduler _scheduler;
    private readonly TrialProposals? _proposals;
    private readonly TrialLiveness _liveness = new();
    private int _queuedThrough;

    private SweepBook(string sweepId, SweepSpec spec, SweepState state, DateTimeOffset submittedAt,
        IReadOnlyList<double[]> proposals, IReadOnlyList<TrialStatus> rows, DateTimeOffset now)
    {
        SweepId = sweepId;
        Spec = spec;
        State = state;
        SubmittedAt = submittedAt;
        _proposals = spec.IsTpeSearch ? new TrialProposals(spec, proposals) : null;
        Rows = TrialRows.Restore(sweepId, spec, _proposals?.Configs ?? SweepExpansion.Expand(spec), rows, now);
        _dispatcher = new TrialDispatcher(Rows, new TrialQueue(), new SlotBookkeeping(spec.MaxConcurrency));
        _scheduler = TrialScheduler.For(spec);
        _queuedThrough = Rows.Count;
    }

    public string SweepId { get; }

    public SweepSpec Spec { get; }

    public SweepState State { get; private set; }

    public bool Running => State == SweepState.Running;

    public DateTimeOffset SubmittedAt { get; }

    public DateTimeOffset? FirstTrialStartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public TrialRows Rows { get; }

    /// <summary>The slots the sweep holds, and what the ledger has yet to hear about them.</summary>
    public SlotBookkeeping Slots => _dispatcher.Slots;

    /// <summary>True when a stopping rule judges the epochs: a coordinator that moved rebuilds its records
    /// (<see cref="Rebuild"/>).</summary>
    public bool SchedulerActive => _scheduler.IsActive;

    /// <summary>The sweep's trial count: the spec's expansion, or a TPE sweep's search.trials.</summary>
    public int TrialCount => _proposals?.Total ?? Rows.Count;

    /// <summary>A sweep just submitted, running, its trials pending (a TPE sweep's proposed as slots free up); nothing is
    /// queued until it is stored (<see cref="QueueTrials"/>).</summary>
    public static SweepBook Submit(string sweepId, SweepSpec spec, DateTimeOffset now) =>
        new(sweepId, spec, SweepState.Running, now, [], [], now);

    /// <summary>The answer to a submit of an invalid id or spec; null when both are valid.</summary>
    public static SubmitResult? Refusal(string sweepId, SweepSpec spec, TrialLimit limit)
    {
        var errors = SweepIds.IsValid(sweepId) ? SweepRules.Validate(spec, limit) : [new SpecError("id", sweepId, SweepIds.Allowed)];
        return errors.Count == 0
            ? null
            : new SubmitResult(SubmitOutcome.Invalid, sweepId, 0, errors, $"The sweep spec has {errors.Count} error(s); nothing was submitted.");
    }

    /// <summary>The answer to the submit that created this sweep.</summary>
    public SubmitResult Created() =>
        new(SubmitOutcome.Created, SweepId, TrialCount, [], $"Sweep '{SweepId}' submitted with {TrialCount} trial(s).");

    /// <summary>The answer to a later submit under this sweep's id: nothing changes, and a different spec conflicts.</summary>
    public SubmitResult Resubmitted(SweepSpec spec) => Spec.Equals(spec)
        ? new(SubmitOutcome.AlreadyExists, SweepId, TrialCount, [],
            $"Sweep '{SweepId}' already exists with this spec ({State.ToString().ToLowerInvariant()}); nothing changed.")
        : new(SubmitOutcome.Conflict, SweepId, TrialCount, [],
            $"Sweep '{SweepId}' already exists with a different spec; submit under another id, or resubmit the spec it was created with.");

    /// <summary>
    /// The sweep as <paramref name="stored"/> (which holds a spec) has it, and what a new activation does about it while
    /// it runs: trials recorded as running hold their slots and are asked for their status on the first tick, the rest
    /// are queued; a stop the previous activation decided is carried out again (a trial with one that waits for a slot
    /// is stopped at once).
    /// </summary>
    public static (SweepBook Book, SweepWork Work) Restore(string sweepId, SweepCoordinatorState stored, DateTimeOffset now)
    {
        var book = new SweepBook(sweepId, stored.Spec!, stored.State, stored.SubmittedAt, stored.Proposals, stored.Trials, now)
        {
            FirstTrialStartedAt = stored.FirstTrialStartedAt,
            FinishedAt = stored.FinishedAt,
        };
        var work = new SweepWork();
        if (!book.Running)
        {
            return (book, work);
        }

        foreach (var row in book.Rows.Where(r => !TrialRows.IsDone(r)).ToList())
        {
            if (TrialReportPolicy.StopWaiting(row, now) is { } stopped)
            {
                book.SetRow(stopped, work);
                work.Add(new StopTrial(row.Number, stopped.Stop!, StoreFirst: false));
            }
            else if (row.State == TrialState.Running)
            {
                book.Slots.Hold(row.Number);
                book._liveness.NotHeardYet(row.Number);
                if (row.Stop is { } stop)
                {
                    work.Add(new StopTrial(row.Number, stop, StoreFirst: false));
                }
            }
            else
            {
                book._dispatcher.Enqueue(row.Number);
            }
        }

        book.QueueProposals();
        return (book, work);
    }

    /// <summary>Copies the sweep into <paramref name="state"/>, to be written.</summary>
    public void Store(SweepCoordinatorState state)
    {
        state.Spec = Spec;
        state.State = State;
        state.SubmittedAt = SubmittedAt;
        state.FirstTrialStartedAt = FirstTrialStartedAt;
        state.FinishedAt = FinishedAt;
        state.Trials = Rows.Snapshot();
        state.Proposals = _proposals?.Points ?? [];
    }

    /// <summary>Queues every trial of a sweep just stored (a TPE sweep's first numbers).</summary>
    public void QueueTrials()
    {
        for (var n = 1; n <= Rows.Count; n++)
        {
            _dispatcher.Enqueue(n);
        }

        QueueProposals();
    }

    /// <summary>Trial counts by state; a TPE sweep's trials not proposed yet are pending (cancelled once the sweep is).</summary>
    public TrialCounts Counts() =>
        TrialCounts.Of(Rows.States.Concat(Enumerable.Repeat(Running ? TrialState.Pending : TrialState.Cancelled, TrialCount - Rows.Count)));

    public SweepStatus Status()
    {
        var rows = Rows.Snapshot();
        return new SweepStatus
        {
            SweepId = SweepId,
            Name = Spec.Name,
            State = State,
            Counts = Counts(),
            Trials = rows,
            Ranking = RankedTrial.Order(rows, Spec.Objectives),
            SubmittedAt = SubmittedAt,
            FirstTrialStartedAt = FirstTrialStartedAt,
            FinishedAt = FinishedAt,
            Dataset = Spec.Dataset,
            Eps = Spec.AxisOf(Parameters.Eps) is null ? Spec.Get(Parameters.Eps) : null,
            MaxConcurrency = Spec.MaxConcurrency,
            Objectives = Spec.Objectives,
            SelectsOnValidation = Spec.SelectsOnValidation,
        };
    }

    public SweepSummary Summary() => new(
        SweepId, Spec.Name, State, Counts(), RankedTrial.First(Rows.Where(r => r.Best is not null), Spec.Objectives),
        SubmittedAt, FinishedAt);

    /// <summary>Trial <paramref name="row"/>'s history as the sweep shows it: the epochs <paramref name="read"/> from the
    /// trial grain (none before its first start, or when it had none), with the sweep's row and the trial's config.</summary>
    public TrialHistory HistoryOf(TrialStatus row, TrialHistory? read) =>
        read is null ? new TrialHistory(row, Rows.Config(row.Number), []) : read with { Status = row, Config = Rows.Config(row.Number) };

    /// <summary>The order that starts the next attempt of trial <paramref name="number"/> in <paramref name="slot"/>.</summary>
    public TrialLaunch Launch(int number, DeviceSlot slot)
    {
        var row = Rows[number];
        return new TrialLaunch(SweepId, number, Rows.Config(number), row.Attempt + 1, slot, row.Failures, row.Preemptions, row.Axes, _scheduler.IsActive);
    }

    /// <summary>The stop decided for the trial that sent <paramref name="report"/>, while the trial has not ended: the
    /// answer to its report.</summary>
    public TrialStop? StopDecidedFor(TrialStatus report) =>
        report.SweepId == SweepId && Rows.Contains(report.Number) && Rows[report.Number] is { Stop: { } stop } row && !TrialRows.IsDone(row)
            ? stop
            : null;

    /// <summary>Gives the sweep's spare slots to the trials at the head of the queue.</summary>
    public SweepWork AssignSpareSlots(DateTimeOffset now) => StartAssigned(_dispatcher.AssignSpareSlots(Running), now);

    /// <summary>The trials to ask the ledger slots for in this round.</summary>
    public IReadOnlyList<int> WantedFromLedger(DateTimeOffset now) => _dispatcher.WantedFromLedger(Running, now);

    /// <summary>Takes the ledger's answer to a round that wanted <paramref name="wanted"/> slots; also whether another
    /// round should follow at once.</summary>
    public (SweepWork Work, bool AnotherRound) AcceptLeases(IReadOnlyList<SlotLease> leases, int wanted, DateTimeOffset now)
    {
        var (assigned, anotherRound) = _dispatcher.AcceptLeases(leases, wanted, Running, now);
        return (StartAssigned(assigned, now), anotherRound);
    }

    /// <summary>Trial <paramref name="number"/>'s start was answered, with its status when the reply carried one.</summary>
    public SweepWork StartAnswered(int number, TrialStatus? status, DateTimeOffset now)
    {
        Slots.StartAnswered(number);
        var work = status is null ? new SweepWork() : Apply(status, now);
        Settle(number, work);
        return work;
    }

    /// <summary>Trial <paramref name="number"/> could not start in <paramref name="slot"/> (the call failed, or the slot
    /// refused it): it waits for another slot, and the ledger hears of the refusal.</summary>
    public SweepWork StartFailed(int number, DeviceSlot slot, string reason, DateTimeOffset now)
    {
        var work = new SweepWork();
        Slots.StartRefused(number, slot);
        SetRow(Rows[number] with { Reason = reason }, work);
        Settle(number, work);
        CheckFinished(now, work);
        work.MarkDispatch();
        return work;
    }

    /// <summary>The proposal of trial <paramref name="number"/> could not be stored, so it did not start: it waits for a
    /// later slot, and its slot goes to the next queued trial.</summary>
    public SweepWork ProposalNotStored(int number)
    {
        var work = new SweepWork();
        Slots.StartAnswered(number);
        Slots.Release(number, Rows[number].TrialId, keepAsSpare: true);
        Settle(number, work);
        work.MarkDispatch();
        return work;
    }

    /// <summary>
    /// Takes a trial's report (or a start reply, or an answer to a status ask): a newer status replaces the row, the
    /// earliest start is the sweep's first, and the scheduler judges a finished epoch (or asks for the trial's history
    /// when an epoch was skipped); then the trial goes where its row says, and the sweep may be finished. A report that
    /// is not of this sweep's trials changes nothing.
    /// </summary>
    public SweepWork Apply(TrialStatus status, DateTimeOffset now)
    {
        var work = new SweepWork();
        if (status.SweepId != SweepId || !Rows.Contains(status.Number))
        {
            return work;
        }

        var n = status.Number;
        _liveness.Heard(n, now);
        if (TrialReportPolicy.NextRow(Rows[n], status, Spec.Retries, Running, now) is { } next)
        {
            SetRow(next, work);
            if (next.StartedAt is { } started && (FirstTrialStartedAt is null || started < FirstTrialStartedAt))
            {
                FirstTrialStartedAt = started;
            }

            if (next.State == TrialState.Stopped && status.State != TrialState.Stopped)
            {
                // A stopped trial's report as it waited for a slot again: the trial grain ends it too.
                work.Add(new StopTrial(n, next.Stop!, StoreFirst: true));
            }
            else if (_scheduler.IsActive)
            {
                // Every whole epoch counts as a record (for the other trials too); a decision stops only a running trial.
                var decision = _scheduler.OnReport(status, out var needsHistory);
                if (needsHistory)
                {
                    work.Add(new ReadTrialHistory(n));
                }
                else if (decision is { } stop)
                {
                    Decide(n, stop, now, work);
                }
            }
        }

        Settle(n, work);
        CheckFinished(now, work);
        work.MarkDispatch();
        return work;
    }

    /// <summary>True while trial <paramref name="number"/>'s row shows epochs the scheduler has not heard.</summary>
    public bool NeedsHistory(int number) => _scheduler.HeardThrough(number) < Rows[number].Epoch;

    /// <summary>Feeds the scheduler trial <paramref name="number"/>'s history (the epochs its reports skipped).</summary>
    public SweepWork TakeHistory(int number, IReadOnlyList<EpochResult> epochs, DateTimeOffset now)
    {
        var work = new SweepWork();
        if (_scheduler.OnHistory(number, epochs) is { } stop)
        {
            Decide(number, stop, now, work);
        }

        return work;
    }

    /// <summary>After a move: the scheduler's records again, from the histories of the trials that ran an epoch. Epochs
    /// up to <c>JudgedThrough</c> (the row's epoch when the history was asked for) were judged before; later ones are
    /// judged now, in the order they finished.</summary>
    public SweepWork Rebuild(IEnumerable<(int Trial, IReadOnlyList<EpochResult> Epochs, int JudgedThrough)> histories, DateTimeOffset now)
    {
        var work = new SweepWork();
        foreach (var (n, stop) in _scheduler.Take(histories))
        {
            Decide(n, stop, now, work);
        }

        return work;
    }

    /// <summary>Cancels the sweep: queued trials are cancelled, and those running are to be told. Trials still being
    /// started are cancelled when their start is answered.</summary>
    public SweepWork Cancel(DateTimeOffset now)
    {
        var work = new SweepWork();
        if (!Running)
        {
            return work;
        }

        State = SweepState.Cancelled;
        FinishedAt = now;
        work.MarkStateChanged();
        foreach (var n in _dispatcher.Queue.RemoveAll().Where(Rows.Contains))
        {
            SetRow(Rows[n] with { State = TrialState.Cancelled, Reason = "sweep cancelled before the trial started", FinishedAt = now }, work);
        }

        foreach (var n in Slots.Started())
        {
            work.Add(new CancelTrial(n, "sweep cancelled"));
        }

        return work;
    }

    /// <summary>Those of <paramref name="told"/> (the trials <see cref="Cancel"/> had told) that did not confirm end
    /// cancelled anyway, and their slots go back.</summary>
    public SweepWork CancelUnconfirmed(IEnumerable<int> told, DateTimeOffset now)
    {
        var work = new SweepWork();
        foreach (var n in told.Where(n => !TrialRows.IsDone(Rows[n])))
        {
            SetRow(Rows[n] with { State = TrialState.Cancelled, Reason = "sweep cancelled; the trial did not confirm", FinishedAt = now }, work);
            Slots.Release(n, Rows[n].TrialId, keepAsSpare: false);
        }

        work.MarkDispatch();
        return work;
    }

    /// <summary>Trials on a silo that is gone (<paramref name="siloStatus"/> answers membership's view) go back to the
    /// front of the queue, one preemption more; they resume from their checkpoints. Also returns which trials.</summary>
    public (SweepWork Work, IReadOnlyList<int> Requeued) RequeueTrialsOfDeadSilos(Func<SiloAddress, SiloStatus> siloStatus, DateTimeOffset now)
    {
        var work = new SweepWork();
        var requeued = new List<int>();
        foreach (var n in Slots.Started())
        {
            var row = Rows[n];
            if (row.SiloAddress is not { } silo || !_liveness.SiloGone(n, siloStatus(silo), now))
            {
                continue;
            }

            requeued.Add(n);
            var pending = row with
            {
                State = TrialState.Pending,
                Preemptions = row.Preemptions + 1,
                Reason = $"silo {row.Silo} died; resumes from its last checkpoint on another silo",
            };
            if (TrialReportPolicy.StopWaiting(pending, now) is { } stopped)
            {
                SetRow(stopped, work);
                work.Add(new StopTrial(n, stopped.Stop!, StoreFirst: true));
            }
            else
            {
                SetRow(pending, work);
            }

            Settle(n, work);
        }

        return (work, requeued);
    }

    /// <summary>The running trials to ask for their status now (silent too long); each counts as asked.</summary>
    public IReadOnlyList<int> DueForStatusAsk(DateTimeOffset now) => _liveness.DueForStatusAsk(Slots.Started(), now);

    /// <summary>Asking trial <paramref name="number"/> for its status failed: it is asked again soon.</summary>
    public void AskFailed(int number, DateTimeOffset now) => _liveness.AskFailed(number, now);

    /// <summary>
    /// Keeps the numbers of a TPE sweep's next trials queued (up to a lease round ahead of the proposed ones) so that
    /// they can get slots; a number becomes a trial, proposed from everything known then, only when it gets one
    /// (<see cref="StartAssigned"/>).
    /// </summary>
    private void QueueProposals()
    {
        if (_proposals is null || !Running)
        {
            return;
        }

        var through = Math.Min(_proposals.Total, Rows.Count + TrialDispatcher.LeaseRound);
        for (var n = Math.Max(_queuedThrough, Rows.Count) + 1; n <= through; n++)
        {
            _dispatcher.Enqueue(n);
        }

        _queuedThrough = Math.Max(_queuedThrough, through);
    }

    private SweepWork StartAssigned(IReadOnlyList<SlotAssignment> assignments, DateTimeOffset now)
    {
        var work = new SweepWork();
        foreach (var assignment in assignments)
        {
            // A TPE number that got a slot becomes a trial now, proposed from every result known (numbers below it
            // first, should the ledger have answered out of order, so trials stay numbered in proposal order).
            var proposed = new List<int>();
            while (_proposals is { } proposals && !Rows.Contains(assignment.Number))
            {
                proposed.Add(Rows.Add(proposals.ProposeNext(Rows.Snapshot()), now));
            }

            if (proposed.Count > 0)
            {
                QueueProposals();
            }

            work.Add(new StartTrial(assignment.Number, assignment.Slot, proposed));
        }

        return work;
    }

    /// <summary>Puts the scheduler's decision to stop trial <paramref name="n"/> on its row and has the trial told once
    /// that is stored (a trial waiting for a slot is stopped at once). A trial already ending keeps its end.</summary>
    private void Decide(int n, StopDecision decision, DateTimeOffset now, SweepWork work)
    {
        var row = Rows[n];
        if (!Running || row.Stop is not null || TrialRows.IsDone(row))
        {
            return;
        }

        var stop = new TrialStop(decision.Epoch, decision.Rung, decision.Reason);
        var decided = row with { Stop = stop };
        if (TrialReportPolicy.StopWaiting(decided, now) is { } stopped)
        {
            SetRow(stopped, work);
            Settle(n, work);
            CheckFinished(now, work);
            work.MarkDispatch();
        }
        else
        {
            SetRow(decided, work);
        }

        work.Add(new StopTrial(n, stop, StoreFirst: true));
    }

    /// <summary>Puts trial <paramref name="n"/> where its row says it belongs; a trial running in a cancelled sweep is cancelled.</summary>
    private void Settle(int n, SweepWork work)
    {
        if (_dispatcher.Settle(n, Running))
        {
            work.Add(new CancelTrial(n, "sweep cancelled"));
        }
    }

    private void CheckFinished(DateTimeOffset now, SweepWork work)
    {
        if (Running && Slots.HoldingCount == 0 && Slots.StartingCount == 0 && Rows.AllDone && _proposals is not { HasMore: true })
        {
            State = Rows.States.Contains(TrialState.Failed) ? SweepState.Failed : SweepState.Completed;
            FinishedAt = now;
            work.MarkStateChanged();
            work.Add(new TellRegistryFinished());
        }
    }

    private void SetRow(TrialStatus row, SweepWork work)
    {
        Rows.Set(row);
        work.MarkStateChanged();
    }
}
