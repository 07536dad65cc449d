using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Metrics;
using Certsweep.Grains.Placement;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Sweeps;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// One sweep. Keeps a queue of trials to run, leases device slots for them from the ledger in rounds
/// (<see cref="IDeviceSlotLedgerGrain.Exchange"/>), starts each trial grain on its slot's silo, and follows
/// the trials' status reports: a failure is retried up to the spec's <c>retries</c>, a trial handed back or
/// lost with its silo (preemption, which does not count as a failure) is queued again first and resumes from
/// its checkpoint. Silo deaths are seen in the membership snapshot on every tick; trials that went silent are
/// asked for their status. Reentrant: all scheduling decisions are synchronous between awaits.
/// </summary>
[Reentrant]
public sealed class SweepCoordinatorGrain : Grain, ISweepCoordinatorGrain
{
    private const int LeaseRound = 64;
    private const int MaxPreemptions = 20;
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WriteThrottle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SilentTrial = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AskRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan UnknownSiloGrace = TimeSpan.FromSeconds(10);

    private readonly IPersistentState<SweepCoordinatorState> _state;
    private readonly IClusterMembershipService _membership;
    private readonly SweepLimitOptions _limits;
    private readonly SweepMetrics _metrics;
    private readonly ILogger<SweepCoordinatorGrain> _log;
    private readonly LinkedList<int> _queue = new();
    private readonly HashSet<int> _queued = new();
    private readonly HashSet<int> _holding = new();
    private readonly HashSet<int> _starting = new();
    private readonly Dictionary<int, DateTimeOffset> _lastHeard = new();
    private readonly Dictionary<int, DateTimeOffset> _unknownSince = new();
    private readonly Dictionary<int, DeviceSlot> _slotOf = new();
    private readonly List<SlotLease> _spare = new();
    private readonly List<SlotLease> _release = new();
    private readonly List<SlotLease> _claims = new();
    private readonly List<DeviceSlot> _refused = new();
    private IReadOnlyList<TrialConfig> _configs = Array.Empty<TrialConfig>();
    private List<TrialStatus> _rows = new();
    private bool _dispatching;
    private bool _dispatchAgain;
    private bool _tellLedger;
    private DateTimeOffset _ledgerDryUntil;
    private bool _dirty;
    private Task _flushing = Task.CompletedTask;
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
    }

    private string Id => this.GetPrimaryKeyString();

    private SweepSpec Spec => _state.State.Spec!;

    private bool Running => _state.State.State == SweepState.Running;

    private IDeviceSlotLedgerGrain Ledger => GrainFactory.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key);

    private ISweepRegistryGrain Registry => GrainFactory.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Spec is { } spec)
        {
            _configs = SweepExpansion.Expand(spec);
            _rows = _state.State.Trials.Count == _configs.Count ? _state.State.Trials.ToList() : PendingRows(spec, _configs, DateTimeOffset.UtcNow);
            if (Running)
            {
                // Trials recorded as running are asked for their status on the first tick; the rest are queued.
                foreach (var row in _rows.Where(r => !IsDone(r)))
                {
                    if (row.State == TrialState.Running)
                    {
                        _holding.Add(row.Number);
                        _lastHeard[row.Number] = DateTimeOffset.MinValue;
                    }
                    else
                    {
                        Enqueue(row.Number);
                    }
                }

                StartTimer();
            }

            PublishMetrics();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty || !_flushing.IsCompleted)
        {
            await FlushNowAsync().WaitAsync(cancellationToken);
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
                return new SubmitResult(SubmitOutcome.Conflict, id, _rows.Count, Array.Empty<SpecError>(),
                    $"Sweep '{id}' already exists with a different spec; submit under another id, or resubmit the spec it was created with.");
            }

            await Registry.Register(id, existing.Name, _state.State.SubmittedAt);
            return new SubmitResult(SubmitOutcome.AlreadyExists, id, _rows.Count, Array.Empty<SpecError>(),
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
        _configs = SweepExpansion.Expand(spec);
        _rows = PendingRows(spec, _configs, now);
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

        foreach (var row in _rows)
        {
            Enqueue(row.Number);
        }

        PublishMetrics();
        StartTimer();
        Dispatch();
        await Registry.Register(id, spec.Name, now);
        return new SubmitResult(SubmitOutcome.Created, id, _rows.Count, Array.Empty<SpecError>(), $"Sweep '{id}' submitted with {_rows.Count} trial(s).");
    }

    public Task<SweepSpec?> GetSpec() => Task.FromResult(_state.State.Spec);

    public Task<SweepStatus> GetStatus() => Task.FromResult(BuildStatus());

    public Task<SweepSummary> GetSummary()
    {
        if (_state.State.Spec is not { } spec)
        {
            return Task.FromResult(new SweepSummary(Id, null, SweepState.Unknown, TrialCounts.Of([]), null, default, null));
        }

        var best = RankedTrial.Order(_rows.Where(r => r.Best is not null)).FirstOrDefault();
        return Task.FromResult(new SweepSummary(
            Id, spec.Name, _state.State.State, TrialCounts.Of(_rows.Select(r => r.State)), best, _state.State.SubmittedAt, _state.State.FinishedAt));
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
        foreach (var n in _queue.ToList())
        {
            Dequeue(n);
            SetRow(_rows[n - 1] with { State = TrialState.Cancelled, Reason = "sweep cancelled before the trial started", FinishedAt = now });
        }

        // Trials still being started are cancelled when their start is confirmed (Settle).
        var running = _holding.Where(n => !_starting.Contains(n)).ToList();
        await Task.WhenAll(running.Select(CancelTrialAsync));
        foreach (var n in running.Where(n => !IsDone(_rows[n - 1])))
        {
            SetRow(_rows[n - 1] with { State = TrialState.Cancelled, Reason = "sweep cancelled; the trial did not confirm", FinishedAt = now });
            ReleaseHold(n);
        }

        Dispatch();
        await FlushNowAsync();
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
        BuildStatus().Best is { } best ? await HistoryOf(_rows[best.Number - 1]) : null;

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

    private async Task<TrialHistory> HistoryOf(TrialStatus row)
    {
        var config = _configs[row.Number - 1];
        if (row.Attempt == 0)
        {
            return new TrialHistory(row, config, Array.Empty<EpochResult>());
        }

        var history = await GrainFactory.GetGrain<ITrialGrain>(row.TrialId).GetHistory();
        return history is null ? new TrialHistory(row, config, Array.Empty<EpochResult>()) : history with { Status = row, Config = config };
    }

    private List<TrialStatus> PendingRows(SweepSpec spec, IReadOnlyList<TrialConfig> configs, DateTimeOffset now) =>
        configs.Select((config, i) => new TrialStatus
        {
            TrialId = TrialId.Of(Id, i + 1),
            SweepId = Id,
            Number = i + 1,
            Axes = spec.AxesOf(config),
            Epochs = config.Get(Parameters.Epochs),
            EpsMax = config.Get(Parameters.Eps),
            UpdatedAt = now,
        }).ToList();

    private SweepStatus BuildStatus()
    {
        if (_state.State.Spec is not { } spec)
        {
            return SweepStatus.Unknown(Id);
        }

        var rows = _rows.ToList();
        return new SweepStatus
        {
            SweepId = Id,
            Name = spec.Name,
            State = _state.State.State,
            Counts = TrialCounts.Of(rows.Select(r => r.State)),
            Trials = rows,
            Ranking = RankedTrial.Order(rows),
            SubmittedAt = _state.State.SubmittedAt,
            FirstTrialStartedAt = _state.State.FirstTrialStartedAt,
            FinishedAt = _state.State.FinishedAt,
            Dataset = spec.Dataset,
            Eps = spec.AxisOf(Parameters.Eps) is null ? spec.Get(Parameters.Eps) : null,
            MaxConcurrency = spec.MaxConcurrency,
        };
    }

    /// <summary>Takes a trial's report (or a start reply): newer statuses replace the row, then scheduling follows the row.</summary>
    private void Apply(TrialStatus status)
    {
        if (status.SweepId != Id || status.Number < 1 || status.Number > _rows.Count || _state.State.Spec is null)
        {
            return;
        }

        var n = status.Number;
        _lastHeard[n] = DateTimeOffset.UtcNow;
        if (status.IsNewerThan(_rows[n - 1]))
        {
            var next = status with { Batch = 0, BatchesPerEpoch = 0 };
            var now = DateTimeOffset.UtcNow;
            if (next.State == TrialState.Failed && next.Failures <= Spec.Retries && Running)
            {
                next = next with { State = TrialState.Pending, Reason = $"retry {next.Failures} of {Spec.Retries} after: {next.Reason}", FinishedAt = null };
            }
            else if (next.State == TrialState.Pending && !Running)
            {
                next = next with { State = TrialState.Cancelled, Reason = "sweep cancelled", FinishedAt = now };
            }
            else if (next.State == TrialState.Pending && next.Preemptions > MaxPreemptions)
            {
                next = next with { State = TrialState.Failed, Reason = $"lost its silo {next.Preemptions} times; last: {next.Reason}", FinishedAt = now };
            }

            SetRow(next);
            if (next.StartedAt is { } started && (_state.State.FirstTrialStartedAt is null || started < _state.State.FirstTrialStartedAt))
            {
                _state.State.FirstTrialStartedAt = started;
            }
        }

        Settle(n);
        CheckFinished();
        Dispatch();
    }

    /// <summary>Puts trial <paramref name="n"/> where its row says it belongs: held while running, queued while pending.</summary>
    private void Settle(int n)
    {
        var row = _rows[n - 1];
        if (IsDone(row))
        {
            Dequeue(n);
            ReleaseHold(n, slotStillUsable: !_starting.Contains(n));
        }
        else if (row.State == TrialState.Running)
        {
            Dequeue(n);
            _holding.Add(n);
            if (!Running)
            {
                _ = CancelTrialAsync(n);
            }
        }
        else if (!_starting.Contains(n))
        {
            ReleaseHold(n);
            if (Running)
            {
                Enqueue(n);
            }
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
    /// exchange, which happens at once when slots are wanted or given up, else on the next tick. After the
    /// ledger had no free slot, it is asked again only after a second (or when a release makes room).
    /// </summary>
    private async Task DispatchLoopAsync()
    {
        try
        {
            var more = true;
            while (more)
            {
                _dispatchAgain = false;
                ReuseSpareSlots();
                var now = DateTimeOffset.UtcNow;
                var wanted = Running && now >= _ledgerDryUntil ? NextWanted() : new List<int>();
                if (wanted.Count == 0 && !(_tellLedger && (_release.Count > 0 || _refused.Count > 0 || _claims.Count > 0)))
                {
                    break;
                }

                var release = _release.ToList();
                var refused = _refused.ToList();
                var claims = _claims.ToList();
                _release.Clear();
                _refused.Clear();
                _claims.Clear();
                _tellLedger = false;
                IReadOnlyList<SlotLease> leases;
                try
                {
                    leases = await Ledger.Exchange(release, refused, claims, wanted.Select(n => _rows[n - 1].TrialId).ToList());
                }
                catch (Exception e)
                {
                    _log.LogWarning(e, "Sweep {Sweep}: the slot ledger did not answer; retrying on the next tick", Id);
                    _release.AddRange(release);
                    _refused.AddRange(refused);
                    _claims.AddRange(claims);
                    break;
                }

                foreach (var lease in leases)
                {
                    if (!TrialId.TryParse(lease.TrialId, out _, out var n) || !_queued.Contains(n) || !Running)
                    {
                        _release.Add(lease);
                        _tellLedger = true;
                        _dispatchAgain = true;
                        continue;
                    }

                    Launch(n, lease.Slot);
                }

                if (leases.Count < wanted.Count)
                {
                    _ledgerDryUntil = DateTimeOffset.UtcNow + TickPeriod;
                }

                more = _dispatchAgain || (wanted.Count > 0 && leases.Count == wanted.Count);
            }
        }
        finally
        {
            _dispatching = false;
        }
    }

    private void ReuseSpareSlots()
    {
        while (_spare.Count > 0 && Running && _queue.First is { } next && Capacity() > 0)
        {
            var spare = _spare[^1];
            _spare.RemoveAt(_spare.Count - 1);
            _release.Add(spare);
            _claims.Add(new SlotLease(spare.Slot, _rows[next.Value - 1].TrialId));
            Launch(next.Value, spare.Slot);
        }

        if (_spare.Count > 0)
        {
            // Nothing queued to use them: give them back now, other sweeps may be waiting.
            _release.AddRange(_spare);
            _spare.Clear();
            _tellLedger = true;
        }
    }

    private void Launch(int n, DeviceSlot slot)
    {
        Dequeue(n);
        _holding.Add(n);
        _starting.Add(n);
        _slotOf[n] = slot;
        _ = StartTrialAsync(n, slot);
    }

    private int Capacity() => Spec.MaxConcurrency > 0 ? Spec.MaxConcurrency - _holding.Count : int.MaxValue;

    private List<int> NextWanted() => _queue.Take(Math.Max(0, Math.Min(Capacity(), LeaseRound))).ToList();

    private async Task StartTrialAsync(int n, DeviceSlot slot)
    {
        var row = _rows[n - 1];
        var launch = new TrialLaunch(Id, n, _configs[n - 1], row.Attempt + 1, slot, row.Failures, row.Preemptions, row.Axes);
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
                    _starting.Remove(n);
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
        _starting.Remove(n);
        _refused.Add(slot);
        _tellLedger = true;
        SetRow(_rows[n - 1] with { Reason = reason });
        Settle(n);
        CheckFinished();
        Dispatch();
    }

    private async Task CancelTrialAsync(int n)
    {
        try
        {
            if (await GrainFactory.GetGrain<ITrialGrain>(_rows[n - 1].TrialId).Cancel("sweep cancelled") is { } status)
            {
                Apply(status);
            }
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Sweep {Sweep}: cancelling trial {Trial} failed", Id, _rows[n - 1].TrialId);
        }
    }

    private void CheckFinished()
    {
        if (Running && _holding.Count == 0 && _starting.Count == 0 && _rows.All(IsDone))
        {
            _state.State.State = SweepState.Completed;
            _state.State.FinishedAt = DateTimeOffset.UtcNow;
            MarkDirty();
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
        _tellLedger = true;
        if (Running)
        {
            ResumeTrialsOfDeadSilos();
            AskSilentTrials();
            Dispatch();
        }
        else if (_release.Count > 0 || _refused.Count > 0 || _claims.Count > 0 || _spare.Count > 0)
        {
            Dispatch();
        }
        else if (!_dirty && _flushing.IsCompleted)
        {
            _timer?.Dispose();
            _timer = null;
        }

        if (_dirty)
        {
            MarkDirty();
        }

        return Task.CompletedTask;
    }

    /// <summary>Trials on a silo that membership declared dead go back to the front of the queue; they resume from their checkpoints.</summary>
    private void ResumeTrialsOfDeadSilos()
    {
        var snapshot = _membership.CurrentSnapshot;
        var now = DateTimeOffset.UtcNow;
        foreach (var n in _holding.Where(n => !_starting.Contains(n)).ToList())
        {
            var row = _rows[n - 1];
            if (row.SiloAddress is not { } silo)
            {
                continue;
            }

            var status = snapshot.GetSiloStatus(silo);
            var gone = status == SiloStatus.Dead;
            if (status == SiloStatus.None)
            {
                gone = _unknownSince.TryGetValue(n, out var since) ? now - since > UnknownSiloGrace : !_unknownSince.TryAdd(n, now);
            }
            else
            {
                _unknownSince.Remove(n);
            }

            if (gone)
            {
                _unknownSince.Remove(n);
                _log.LogInformation("Sweep {Sweep}: trial {Trial} lost its silo {Silo}; requeued", Id, row.TrialId, row.Silo);
                SetRow(row with
                {
                    State = TrialState.Pending,
                    Preemptions = row.Preemptions + 1,
                    Reason = $"silo {row.Silo} died; resumes from its last checkpoint on another silo",
                });
                Settle(n);
            }
        }
    }

    private void AskSilentTrials()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var n in _holding.Where(n => !_starting.Contains(n)).ToList())
        {
            if (now - _lastHeard.GetValueOrDefault(n, DateTimeOffset.MinValue) > SilentTrial)
            {
                _lastHeard[n] = now;
                _ = AskStatusAsync(n);
            }
        }
    }

    private async Task AskStatusAsync(int n)
    {
        try
        {
            if (await GrainFactory.GetGrain<ITrialGrain>(_rows[n - 1].TrialId).GetStatus().WaitAsync(AskTimeout) is { } status)
            {
                Apply(status);
            }
        }
        catch (Exception e)
        {
            // Right after a silo died (often the one this coordinator lived on) calls can fail or hang while the
            // cluster settles; ask again soon rather than after a whole silent period, or a trial that finished
            // meanwhile would show as running for a minute.
            _lastHeard[n] = DateTimeOffset.UtcNow - SilentTrial + AskRetry;
            _log.LogWarning(e, "Sweep {Sweep}: asking trial {Trial} for its status failed; asking again in {Retry}", Id, _rows[n - 1].TrialId, AskRetry);
        }
    }

    private void SetRow(TrialStatus row)
    {
        _rows[row.Number - 1] = row;
        MarkDirty();
    }

    private static bool IsDone(TrialStatus row) => row.State.IsFinal() || row.State == TrialState.Failed;

    /// <summary>Queues a trial: first-time trials at the back, trials that ran before (resuming or retrying) at the front.</summary>
    private void Enqueue(int n)
    {
        if (_queued.Add(n))
        {
            if (_rows[n - 1].Attempt > 0)
            {
                _queue.AddFirst(n);
            }
            else
            {
                _queue.AddLast(n);
            }
        }
    }

    private void Dequeue(int n)
    {
        if (_queued.Remove(n))
        {
            _queue.Remove(n);
        }
    }

    /// <summary>Trial <paramref name="n"/> no longer runs. A slot it finished in stays with the sweep for its next
    /// trial; a slot it was handed back from, lost or refused goes back to the ledger.</summary>
    private void ReleaseHold(int n, bool slotStillUsable = false)
    {
        if (_holding.Remove(n) && _slotOf.Remove(n, out var slot))
        {
            var lease = new SlotLease(slot, _rows[n - 1].TrialId);

            // A hand-over the ledger has not heard of yet is simply not sent (the previous holder's release is).
            _claims.Remove(lease);
            if (slotStillUsable && Running)
            {
                _spare.Add(lease);
            }
            else
            {
                _release.Add(lease);
                _tellLedger = true;
            }
        }
    }

    /// <summary>Exports the trial counts and best verified error (throttled with the state writes).</summary>
    private void PublishMetrics() =>
        _metrics.Publish(Id, TrialCounts.Of(_rows.Select(r => r.State)), _rows.Min(r => r.Best?.VerifiedError), !Running);

    private void MarkDirty()
    {
        _dirty = true;
        if (_flushing.IsCompleted)
        {
            _flushing = FlushAsync();
        }
    }

    private async Task FlushNowAsync()
    {
        MarkDirty();
        await _flushing;
    }

    /// <summary>Writes the state, at most once per <see cref="WriteThrottle"/>; a failed write is retried by the next tick.</summary>
    private async Task FlushAsync()
    {
        while (_dirty)
        {
            _dirty = false;
            _state.State.Trials = _rows.ToList();
            PublishMetrics();
            try
            {
                await _state.WriteStateAsync();
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "Sweep {Sweep}: writing its state failed; retrying", Id);
                _dirty = true;
                return;
            }

            if (_dirty)
            {
                await Task.Delay(WriteThrottle);
            }
        }
    }
}
