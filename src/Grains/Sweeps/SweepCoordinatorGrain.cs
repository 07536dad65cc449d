using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Metrics;
using Certsweep.Grains.Placement;
using Certsweep.Grains.Sweeps.Scheduling;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Sweeps;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// One sweep: persistence, timers and calls over plain parts. <see cref="TrialRows"/> holds each trial's config and
/// status row; <see cref="TrialDispatcher"/> keeps trials queued (<see cref="TrialQueue"/>) or holding slots
/// (<see cref="SlotBookkeeping"/>) as their rows say and pairs queued trials with slots; <see cref="TrialReportPolicy"/>
/// turns reports into rows (retries, cancellation); <see cref="TrialScheduler"/> decides after each epoch whether a
/// trial continues (the spec's scheduler; a decision is stored on the trial's row before the trial is told, and
/// the records are rebuilt from the trials' histories when the coordinator moves); <see cref="TrialProposals"/>
/// proposes a TPE sweep's next trial when a slot is free; <see cref="TrialLiveness"/> finds trials that went silent
/// or lost their silo;
/// <see cref="ThrottledStateWriter"/> writes the state. This grain leases slots from the ledger in rounds
/// (<see cref="IDeviceSlotLedgerGrain.Exchange"/>), starts each trial grain on its slot's silo, asks silent trials
/// for their status and requeues the trials of dead silos on every tick. Reentrant: all scheduling decisions are
/// synchronous between awaits.
/// </summary>
[Reentrant]
public sealed class SweepCoordinatorGrain : Grain, ISweepCoordinatorGrain
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WriteThrottle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<SweepCoordinatorState> _state;
    private readonly IClusterMembershipService _membership;
    private readonly SweepLimitOptions _limits;
    private readonly SweepMetrics _metrics;
    private readonly ILogger<SweepCoordinatorGrain> _log;
    private readonly ThrottledStateWriter _writer;
    private readonly TrialLiveness _liveness = new();

    private readonly HashSet<int> _catchingUp = new();
    private TrialScheduler _scheduler = new(rule: null);
    private TrialProposals? _proposals;
    private int _queuedThrough;
    private TrialRows _rows = TrialRows.None;
    private TrialDispatcher _dispatcher = new(TrialRows.None, new TrialQueue(), new SlotBookkeeping(0));
    private bool _dispatching;
    private bool _dispatchAgain;
    private IGrainTimer? _timer;

    public SweepCoordinatorGrain(
        [PersistentState("sweep", CertsweepStorage.Name)] IPersistentState<SweepCoordinatorState> state,
        IClusterMembershipService membership, SweepLimitOptions limits, SweepMetrics metrics, ILogger<SweepCoordinatorGrain> log)
    {
        _state = state;
        _membership = membership;
        _limits = limits;
        _metrics = metrics;
        _log = log;
        _writer = new ThrottledStateWriter(WriteStateAsync, e => _log.LogWarning(e, "Sweep {Sweep}: writing its state failed; retrying", Id), WriteThrottle);
    }

    private string Id => this.GetPrimaryKeyString();

    private SweepSpec Spec => _state.State.Spec!;

    private bool Running => _state.State.State == SweepState.Running;

    private TrialQueue Queue => _dispatcher.Queue;

    private SlotBookkeeping Slots => _dispatcher.Slots;

    private IDeviceSlotLedgerGrain Ledger => GrainFactory.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key);

    private ISweepRegistryGrain Registry => GrainFactory.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Spec is { } spec)
        {
            _proposals = spec.IsTpeSearch ? new TrialProposals(spec, _state.State.Proposals) : null;
            var configs = _proposals?.Configs ?? SweepExpansion.Expand(spec);
            Track(TrialRows.Restore(Id, spec, configs, _state.State.Trials, DateTimeOffset.UtcNow), spec);
            if (Running)
            {
                // Trials recorded as running are asked for their status on the first tick; the rest are queued. A
                // stop the previous activation decided is carried out again.
                foreach (var row in _rows.Where(r => !TrialRows.IsDone(r)).ToList())
                {
                    if (TrialReportPolicy.StopWaiting(row, DateTimeOffset.UtcNow) is { } stopped)
                    {
                        SetRow(stopped);
                        _ = StopTrialAsync(row.Number, stopped.Stop!, storeFirst: false);
                    }
                    else if (row.State == TrialState.Running)
                    {
                        Slots.Hold(row.Number);
                        _liveness.NotHeardYet(row.Number);
                        if (row.Stop is { } stop)
                        {
                            _ = StopTrialAsync(row.Number, stop, storeFirst: false);
                        }
                    }
                    else
                    {
                        _dispatcher.Enqueue(row.Number);
                    }
                }

                QueueProposals();
                StartTimer();
                if (_scheduler.IsActive)
                {
                    await RebuildSchedulerAsync(cancellationToken);
                }
            }

            PublishMetrics();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_writer.IsIdle)
        {
            await _writer.FlushNowAsync().WaitAsync(cancellationToken);
        }

        _metrics.Withdraw(Id);
    }

    public async Task<SubmitResult> Submit(SweepSpec spec)
    {
        var id = Id;
        if (_state.State.Spec is { } existing)
        {
            if (!existing.Equals(spec))
            {
                return new SubmitResult(SubmitOutcome.Conflict, id, TrialCount, Array.Empty<SpecError>(),
                    $"Sweep '{id}' already exists with a different spec; submit under another id, or resubmit the spec it was created with.");
            }

            await Registry.Register(id, existing.Name, _state.State.SubmittedAt);
            return new SubmitResult(SubmitOutcome.AlreadyExists, id, TrialCount, Array.Empty<SpecError>(),
                $"Sweep '{id}' already exists with this spec ({_state.State.State.ToString().ToLowerInvariant()}); nothing changed.");
        }

        var errors = SweepIds.IsValid(id)
            ? SweepRules.Validate(spec, _limits.Limit)
            : new[] { new SpecError("id", id, SweepIds.Allowed) };
        if (errors.Count > 0)
        {
            return new SubmitResult(SubmitOutcome.Invalid, id, 0, errors, $"The sweep spec has {errors.Count} error(s); nothing was submitted.");
        }

        var now = DateTimeOffset.UtcNow;

        // TPE proposes its trials one at a time, as slots free up (QueueProposals).
        _proposals = spec.IsTpeSearch ? new TrialProposals(spec, []) : null;
        Track(TrialRows.Pending(id, spec, _proposals is null ? SweepExpansion.Expand(spec) : [], now), spec);
        _state.State.Spec = spec;
        _state.State.State = SweepState.Running;
        _state.State.SubmittedAt = now;

        // The first write holds only the spec: rows of a sweep whose trials are all pending follow from it.
        _state.State.Trials = new List<TrialStatus>();
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            _state.State.Spec = null;
            _state.State.State = SweepState.Unknown;
            throw;
        }

        for (var n = 1; n <= _rows.Count; n++)
        {
            _dispatcher.Enqueue(n);
        }

        QueueProposals();
        PublishMetrics();
        StartTimer();
        Dispatch();
        await Registry.Register(id, spec.Name, now);
        return new SubmitResult(SubmitOutcome.Created, id, TrialCount, Array.Empty<SpecError>(), $"Sweep '{id}' submitted with {TrialCount} trial(s).");
    }

    public Task<SweepSpec?> GetSpec() => Task.FromResult(_state.State.Spec);

    public Task<SweepStatus> GetStatus() => Task.FromResult(BuildStatus());

    public Task<SweepSummary> GetSummary()
    {
        if (_state.State.Spec is not { } spec)
        {
            return Task.FromResult(new SweepSummary(Id, null, SweepState.Unknown, TrialCounts.Of([]), null, default, null));
        }

        var best = RankedTrial.Order(_rows.Where(r => r.Best is not null), spec.Objectives).FirstOrDefault();
        return Task.FromResult(new SweepSummary(
            Id, spec.Name, _state.State.State, Counts(), best, _state.State.SubmittedAt, _state.State.FinishedAt));
    }

    public async Task<SweepStatus> Cancel()
    {
        if (_state.State.Spec is null || !Running)
        {
            return BuildStatus();
        }

        var now = DateTimeOffset.UtcNow;
        _state.State.State = SweepState.Cancelled;
        _state.State.FinishedAt = now;
        foreach (var n in Queue.RemoveAll().Where(_rows.Contains))
        {
            SetRow(_rows[n] with { State = TrialState.Cancelled, Reason = "sweep cancelled before the trial started", FinishedAt = now });
        }

        // Trials still being started are cancelled when their start is answered (Settle).
        var running = Slots.Started();
        await Task.WhenAll(running.Select(n => CancelTrialAsync(n, "sweep cancelled")));
        foreach (var n in running.Where(n => !TrialRows.IsDone(_rows[n])))
        {
            SetRow(_rows[n] with { State = TrialState.Cancelled, Reason = "sweep cancelled; the trial did not confirm", FinishedAt = now });
            Slots.Release(n, _rows[n].TrialId, keepAsSpare: false);
        }

        Dispatch();
        await _writer.FlushNowAsync();
        await TellRegistryFinishedAsync();
        return BuildStatus();
    }

    public async Task<SweepResults> GetResults()
    {
        var status = BuildStatus();
        var histories = new List<TrialHistory>(status.Trials.Count);
        foreach (var chunk in status.Trials.Chunk(32))
        {
            histories.AddRange(await Task.WhenAll(chunk.Select(HistoryOf)));
        }

        return new SweepResults(status, histories);
    }

    public async Task<TrialHistory?> GetBest() =>
        BuildStatus().Best is { } best ? await HistoryOf(_rows[best.Number]) : null;

    public Task OnTrialUpdate(TrialStatus status)
    {
        Apply(status);
        return Task.CompletedTask;
    }

    public Task Wake()
    {
        if (Running)
        {
            Dispatch();
        }

        return Task.CompletedTask;
    }

    private void Track(TrialRows rows, SweepSpec spec)
    {
        _rows = rows;
        _dispatcher = new TrialDispatcher(rows, new TrialQueue(), new SlotBookkeeping(spec.MaxConcurrency));
        _scheduler = TrialScheduler.For(spec);
        _queuedThrough = rows.Count;
    }

    /// <summary>The sweep's trial count: the spec's expansion, or a TPE sweep's search.trials.</summary>
    private int TrialCount => _proposals?.Total ?? _rows.Count;

    /// <summary>Trial counts by state; a TPE sweep's trials not proposed yet are pending (cancelled once the sweep is).</summary>
    private TrialCounts Counts() =>
        TrialCounts.Of(_rows.States.Concat(Enumerable.Repeat(Running ? TrialState.Pending : TrialState.Cancelled, TrialCount - _rows.Count)));

    /// <summary>
    /// Keeps the numbers of a TPE sweep's next trials queued (up to a lease round ahead of the proposed ones) so that
    /// they can get slots; a number becomes a trial, proposed from everything known then, only when it gets one
    /// (<see cref="StartTrials"/>).
    /// </summary>
    private void QueueProposals()
    {
        if (_proposals is null || !Running)
        {
            return;
        }

        var through = Math.Min(_proposals.Total, _rows.Count + TrialDispatcher.LeaseRound);
        for (var n = Math.Max(_queuedThrough, _rows.Count) + 1; n <= through; n++)
        {
            _dispatcher.Enqueue(n);
        }

        _queuedThrough = Math.Max(_queuedThrough, through);
    }

    private async Task<TrialHistory> HistoryOf(TrialStatus row)
    {
        var config = _rows.Config(row.Number);
        if (row.Attempt == 0)
        {
            return new TrialHistory(row, config, Array.Empty<EpochResult>());
        }

        var history = await GrainFactory.GetGrain<ITrialGrain>(row.TrialId).GetHistory();
        return history is null ? new TrialHistory(row, config, Array.Empty<EpochResult>()) : history with { Status = row, Config = config };
    }

    private SweepStatus BuildStatus()
    {
        if (_state.State.Spec is not { } spec)
        {
            return SweepStatus.Unknown(Id);
        }

        var rows = _rows.Snapshot();
        return new SweepStatus
        {
            SweepId = Id,
            Name = spec.Name,
            State = _state.State.State,
            Counts = Counts(),
            Trials = rows,
            Ranking = RankedTrial.Order(rows, spec.Objectives),
            SubmittedAt = _state.State.SubmittedAt,
            FirstTrialStartedAt = _state.State.FirstTrialStartedAt,
            FinishedAt = _state.State.FinishedAt,
            Dataset = spec.Dataset,
            Eps = spec.AxisOf(Parameters.Eps) is null ? spec.Get(Parameters.Eps) : null,
            MaxConcurrency = spec.MaxConcurrency,
            Objectives = spec.Objectives,
            SelectsOnValidation = spec.SelectsOnValidation,
        };
    }

    /// <summary>Takes a trial's report (or a start reply): newer statuses replace the row, then scheduling follows the row.</summary>
    private void Apply(TrialStatus status)
    {
        if (status.SweepId != Id || !_rows.Contains(status.Number) || _state.State.Spec is null)
        {
            return;
        }

        var n = status.Number;
        var now = DateTimeOffset.UtcNow;
        _liveness.Heard(n, now);
        if (TrialReportPolicy.NextRow(_rows[n], status, Spec.Retries, Running, now) is { } next)
        {
            SetRow(next);
            if (next.StartedAt is { } started && (_state.State.FirstTrialStartedAt is null || started < _state.State.FirstTrialStartedAt))
            {
                _state.State.FirstTrialStartedAt = started;
            }

            if (next.State == TrialState.Stopped && status.State != TrialState.Stopped)
            {
                // A stopped trial's report as it waited for a slot again: the trial grain ends it too.
                _ = StopTrialAsync(n, next.Stop!, storeFirst: true);
            }
            else if (_scheduler.IsActive)
            {
                // Every whole epoch counts as a record (for the other trials too); a decision stops only a running trial.
                var decision = _scheduler.OnReport(status, out var needsHistory);
                if (needsHistory)
                {
                    _ = CatchUpAsync(n);
                }
                else if (decision is { } stop)
                {
                    Decide(n, stop);
                }
            }
        }

        Settle(n);
        CheckFinished();
        Dispatch();
    }

    /// <summary>Puts trial <paramref name="n"/> where its row says it belongs; a trial running in a cancelled sweep is cancelled.</summary>
    private void Settle(int n)
    {
        if (_dispatcher.Settle(n, Running))
        {
            _ = CancelTrialAsync(n, "sweep cancelled");
        }
    }

    private void Dispatch()
    {
        if (_dispatching)
        {
            _dispatchAgain = true;
            return;
        }

        _dispatching = true;
        _ = DispatchLoopAsync();
    }

    /// <summary>
    /// Dispatch rounds: queued trials first take the slots of this sweep's own finished trials (no ledger call on
    /// that path), then ask the ledger for more. Slot hand-overs and releases reach the ledger in the next
    /// exchange, which happens at once when slots are wanted or given up, else on the next tick.
    /// </summary>
    private async Task DispatchLoopAsync()
    {
        try
        {
            var more = true;
            while (more)
            {
                _dispatchAgain = false;
                StartTrials(_dispatcher.AssignSpareSlots(Running));
                var wanted = _dispatcher.WantedFromLedger(Running, DateTimeOffset.UtcNow);
                if (wanted.Count == 0 && !Slots.HasNewsForLedger)
                {
                    break;
                }

                var messages = Slots.TakeMessages();
                IReadOnlyList<SlotLease> leases;
                try
                {
                    leases = await Ledger.Exchange(messages.Released, messages.Refused, messages.Claimed, wanted.Select(_rows.TrialIdOf).ToList());
                }
                catch (Exception e)
                {
                    _log.LogWarning(e, "Sweep {Sweep}: the slot ledger did not answer; retrying on the next tick", Id);
                    Slots.Restore(messages);
                    break;
                }

                var (assigned, anotherRound) = _dispatcher.AcceptLeases(leases, wanted.Count, Running, DateTimeOffset.UtcNow);
                StartTrials(assigned);
                more = _dispatchAgain || anotherRound;
            }
        }
        finally
        {
            _dispatching = false;
        }
    }

    private void StartTrials(IReadOnlyList<SlotAssignment> assignments)
    {
        foreach (var assignment in assignments)
        {
            // A TPE number that got a slot becomes a trial now, proposed from every result known (numbers below it
            // first, should the ledger have answered out of order, so trials stay numbered in proposal order).
            var proposed = false;
            while (_proposals is { } proposals && !_rows.Contains(assignment.Number))
            {
                var config = proposals.ProposeNext(_rows.Snapshot());
                _rows.Add(config, DateTimeOffset.UtcNow);
                _log.LogInformation("Sweep {Sweep}: proposed trial {Trial}: {Config}", Id, _rows.TrialIdOf(_rows.Count), _rows[_rows.Count].Axes);
                proposed = true;
            }

            if (proposed)
            {
                QueueProposals();
            }

            _ = StartTrialAsync(assignment.Number, assignment.Slot, storeFirst: proposed);
        }
    }

    /// <summary>Starts trial <paramref name="n"/> in <paramref name="slot"/>; with <paramref name="storeFirst"/> (a
    /// trial just proposed) only once the proposal is stored, so a coordinator that moves knows every trial that runs.</summary>
    private async Task StartTrialAsync(int n, DeviceSlot slot, bool storeFirst = false)
    {
        if (storeFirst && !await _writer.FlushNowAsync())
        {
            // Not stored: the trial waits for a later slot, this one goes to the next queued trial.
            Slots.StartAnswered(n);
            Slots.Release(n, _rows[n].TrialId, keepAsSpare: true);
            Settle(n);
            Dispatch();
            return;
        }

        var row = _rows[n];
        var launch = new TrialLaunch(Id, n, _rows.Config(n), row.Attempt + 1, slot, row.Failures, row.Preemptions, row.Axes);
        var trial = GrainFactory.GetGrain<ITrialGrain>(row.TrialId);
        for (var tries = 1; ; tries++)
        {
            StartReply reply;
            try
            {
                Task<StartReply> call;
                RequestContext.Set(DeviceSlotPlacement.TargetSiloKey, slot.Silo);
                try
                {
                    call = trial.Start(launch);
                }
                finally
                {
                    RequestContext.Remove(DeviceSlotPlacement.TargetSiloKey);
                }

                reply = await call;
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "Sweep {Sweep}: starting trial {Trial} in {Slot} failed", Id, row.TrialId, slot);
                StartFailed(n, slot, $"could not start on {slot}: {e.Message}");
                return;
            }

            switch (reply.Kind)
            {
                case StartReplyKind.Misplaced when tries < 5:
                    await Task.Delay(TimeSpan.FromMilliseconds(25 * tries));
                    continue;
                case StartReplyKind.Started or StartReplyKind.AlreadyRunning or StartReplyKind.AlreadyFinished:
                    Slots.StartAnswered(n);
                    if (reply.Status is { } status)
                    {
                        Apply(status);
                    }

                    Settle(n);
                    return;
                default:
                    StartFailed(n, slot, $"slot {slot} refused the trial ({reply.Kind})");
                    return;
            }
        }
    }

    private void StartFailed(int n, DeviceSlot slot, string reason)
    {
        Slots.StartRefused(n, slot);
        SetRow(_rows[n] with { Reason = reason });
        Settle(n);
        CheckFinished();
        Dispatch();
    }

    /// <summary>Carries out the scheduler's decision to stop trial <paramref name="n"/>: stored on its row first, then
    /// the trial is told (a trial waiting for a slot is stopped at once). A trial already ending keeps its end.</summary>
    private void Decide(int n, StopDecision decision)
    {
        var row = _rows[n];
        if (!Running || row.Stop is not null || TrialRows.IsDone(row))
        {
            return;
        }

        var stop = new TrialStop(decision.Epoch, decision.Rung, decision.Reason);
        _log.LogInformation("Sweep {Sweep}: stopping trial {Trial}: {Reason}", Id, row.TrialId, stop.Reason);
        var decided = row with { Stop = stop };
        if (TrialReportPolicy.StopWaiting(decided, DateTimeOffset.UtcNow) is { } stopped)
        {
            SetRow(stopped);
            Settle(n);
            CheckFinished();
            Dispatch();
        }
        else
        {
            SetRow(decided);
        }

        _ = StopTrialAsync(n, stop, storeFirst: true);
    }

    private async Task StopTrialAsync(int n, TrialStop stop, bool storeFirst)
    {
        try
        {
            if (storeFirst)
            {
                await _writer.FlushNowAsync();
            }

            if (await GrainFactory.GetGrain<ITrialGrain>(_rows[n].TrialId).Stop(stop) is { } status)
            {
                Apply(status);
            }
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Sweep {Sweep}: stopping trial {Trial} failed; its row keeps the decision", Id, _rows[n].TrialId);
        }
    }

    /// <summary>Feeds the scheduler the epochs of trial <paramref name="n"/> its reports skipped (reports are latest-only),
    /// from the trial's history; once per trial at a time, again while its row shows epochs not heard yet.</summary>
    private async Task CatchUpAsync(int n)
    {
        if (!_catchingUp.Add(n))
        {
            return;
        }

        try
        {
            for (var tries = 0; tries < 3 && _scheduler.HeardThrough(n) < _rows[n].Epoch; tries++)
            {
                if (await GrainFactory.GetGrain<ITrialGrain>(_rows[n].TrialId).GetHistory().WaitAsync(AskTimeout) is not { } history)
                {
                    return;
                }

                if (_scheduler.OnHistory(n, history.Epochs) is { } stop)
                {
                    Decide(n, stop);
                }
            }
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Sweep {Sweep}: reading trial {Trial}'s history for its scheduler failed; its next report asks again", Id, _rows[n].TrialId);
        }
        finally
        {
            _catchingUp.Remove(n);
        }
    }

    /// <summary>After a move: the scheduler's records again, from the histories of the trials that ran an epoch. Epochs
    /// up to a row's stored epoch were judged before; later ones are judged now, in the order they finished.</summary>
    private async Task RebuildSchedulerAsync(CancellationToken cancellationToken)
    {
        var histories = new List<(int Trial, IReadOnlyList<EpochResult> Epochs, int JudgedThrough)>();
        foreach (var chunk in _rows.Where(r => r.Epoch > 0).Chunk(32))
        {
            var read = await Task.WhenAll(chunk.Select(async row =>
            {
                try
                {
                    var history = await GrainFactory.GetGrain<ITrialGrain>(row.TrialId).GetHistory().WaitAsync(AskTimeout, cancellationToken);
                    return history is null ? null : ((int, IReadOnlyList<EpochResult>, int)?)(row.Number, history.Epochs, row.Epoch);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Its next report finds its epochs missing and reads the history then.
                    _log.LogWarning(e, "Sweep {Sweep}: reading trial {Trial}'s history for its scheduler failed", Id, row.TrialId);
                    return null;
                }
            }));
            histories.AddRange(read.OfType<(int, IReadOnlyList<EpochResult>, int)>());
        }

        foreach (var (n, stop) in _scheduler.Take(histories))
        {
            Decide(n, stop);
        }
    }

    private async Task CancelTrialAsync(int n, string reason)
    {
        try
        {
            if (await GrainFactory.GetGrain<ITrialGrain>(_rows[n].TrialId).Cancel(reason) is { } status)
            {
                Apply(status);
            }
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Sweep {Sweep}: cancelling trial {Trial} failed", Id, _rows[n].TrialId);
        }
    }

    private void CheckFinished()
    {
        if (Running && Slots.HoldingCount == 0 && Slots.StartingCount == 0 && _rows.AllDone && _proposals is not { HasMore: true })
        {
            _state.State.State = _rows.States.Contains(TrialState.Failed) ? SweepState.Failed : SweepState.Completed;
            _state.State.FinishedAt = DateTimeOffset.UtcNow;
            _writer.MarkDirty();
            _ = TellRegistryFinishedAsync();
        }
    }

    private async Task TellRegistryFinishedAsync()
    {
        try
        {
            await Registry.MarkFinished(Id);
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Sweep {Sweep}: the registry did not hear that it finished", Id);
        }
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(100), TickPeriod) { KeepAlive = true, Interleave = true });

    private Task TickAsync()
    {
        Slots.TellLedgerSoon();
        if (Running)
        {
            ResumeTrialsOfDeadSilos();
            AskSilentTrials();
            Dispatch();
        }
        else if (Slots.HasUnsent)
        {
            Dispatch();
        }
        else if (_writer.IsIdle)
        {
            _timer?.Dispose();
            _timer = null;
        }

        if (_writer.IsDirty)
        {
            // A failed write is retried.
            _writer.MarkDirty();
        }

        return Task.CompletedTask;
    }

    /// <summary>Trials on a silo that membership declared dead go back to the front of the queue; they resume from their checkpoints.</summary>
    private void ResumeTrialsOfDeadSilos()
    {
        var snapshot = _membership.CurrentSnapshot;
        var now = DateTimeOffset.UtcNow;
        foreach (var n in Slots.Started())
        {
            var row = _rows[n];
            if (row.SiloAddress is not { } silo || !_liveness.SiloGone(n, snapshot.GetSiloStatus(silo), now))
            {
                continue;
            }

            _log.LogInformation("Sweep {Sweep}: trial {Trial} lost its silo {Silo}; requeued", Id, row.TrialId, row.Silo);
            var requeued = row with
            {
                State = TrialState.Pending,
                Preemptions = row.Preemptions + 1,
                Reason = $"silo {row.Silo} died; resumes from its last checkpoint on another silo",
            };
            if (TrialReportPolicy.StopWaiting(requeued, now) is { } stopped)
            {
                SetRow(stopped);
                _ = StopTrialAsync(n, stopped.Stop!, storeFirst: true);
            }
            else
            {
                SetRow(requeued);
            }

            Settle(n);
        }
    }

    private void AskSilentTrials()
    {
        foreach (var n in _liveness.DueForStatusAsk(Slots.Started(), DateTimeOffset.UtcNow))
        {
            _ = AskStatusAsync(n);
        }
    }

    private async Task AskStatusAsync(int n)
    {
        try
        {
            if (await GrainFactory.GetGrain<ITrialGrain>(_rows[n].TrialId).GetStatus().WaitAsync(AskTimeout) is { } status)
            {
                Apply(status);
            }
        }
        catch (Exception e)
        {
            _liveness.AskFailed(n, DateTimeOffset.UtcNow);
            _log.LogWarning(e, "Sweep {Sweep}: asking trial {Trial} for its status failed; asking again in {Retry}", Id, _rows[n].TrialId, TrialLiveness.AskRetry);
        }
    }

    private void SetRow(TrialStatus row)
    {
        _rows.Set(row);
        _writer.MarkDirty();
    }

    /// <summary>Exports the trial counts and best verified error (throttled with the state writes).</summary>
    private void PublishMetrics() =>
        _metrics.Publish(Id, Counts(), _rows.BestVerifiedError, !Running);

    private Task WriteStateAsync()
    {
        _state.State.Trials = _rows.Snapshot();
        _state.State.Proposals = _proposals?.Points ?? [];
        PublishMetrics();
        return _state.WriteStateAsync();
    }
}
