using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Metrics;
using Certsweep.Grains.Placement;
using Certsweep.Hyperparameters.Sweeps;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// One sweep: persistence, timers and calls over <see cref="SweepBook"/>, which keeps the sweep (its trials' rows,
/// queue and slots, the scheduler's records, a TPE sweep's proposals, the trials' liveness) and makes every decision,
/// returning what this grain is to do (<see cref="SweepWork"/>). This grain stores the state
/// (<see cref="ThrottledStateWriter"/>), leases slots from the ledger in rounds
/// (<see cref="IDeviceSlotLedgerGrain.Exchange"/>), starts each trial grain on its slot's silo, stops and cancels
/// trials, reads their histories for the scheduler (also when the coordinator moved), asks silent trials for their
/// status and requeues the trials of dead silos on every tick, tells the registry, and publishes the sweep's metrics.
/// Reentrant: all decisions are synchronous between awaits.
/// </summary>
[Reentrant]
public sealed class SweepCoordinatorGrain : Grain, ISweepCoordinatorGrain
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WriteThrottle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan WriteQuiet = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan WriteLongestWait = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<SweepCoordinatorState> _state;
    private readonly IClusterMembershipService _membership;
    private readonly SweepLimitOptions _limits;
    private readonly SweepMetrics _metrics;
    private readonly ILogger<SweepCoordinatorGrain> _log;
    private readonly ThrottledStateWriter _writer;

    private readonly HashSet<int> _catchingUp = new();
    private SweepBook? _book;
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
        _writer = new ThrottledStateWriter(WriteStateAsync, e => _log.LogWarning(e, "Sweep {Sweep}: writing its state failed; retrying", Id), WriteThrottle, WriteQuiet, WriteLongestWait);
    }

    private string Id => this.GetPrimaryKeyString();

    /// <summary>The sweep; only calls made once it was submitted (or restored) use it.</summary>
    private SweepBook Book => _book ?? throw new InvalidOperationException($"Sweep '{Id}' was not submitted.");

    private IDeviceSlotLedgerGrain Ledger => GrainFactory.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key);

    private ISweepRegistryGrain Registry => GrainFactory.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Spec is null)
        {
            return;
        }

        (_book, var work) = SweepBook.Restore(Id, _state.State, DateTimeOffset.UtcNow);
        Carry(work);
        if (_book.Running)
        {
            StartTimer();
            if (_book.SchedulerActive)
            {
                await RebuildSchedulerAsync(cancellationToken);
            }
        }

        PublishMetrics();
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
        if (_book is { } existing)
        {
            var answer = existing.Resubmitted(spec);
            if (answer.Outcome == SubmitOutcome.AlreadyExists)
            {
                await Registry.Register(id, existing.Spec.Name, existing.SubmittedAt);
            }

            return answer;
        }

        if (SweepBook.Refusal(id, spec, _limits.Limit) is { } refusal)
        {
            return refusal;
        }

        var now = DateTimeOffset.UtcNow;
        var book = _book = SweepBook.Submit(id, spec, now);
        book.Store(_state.State);

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
            _book = null;
            throw;
        }

        book.QueueTrials();
        PublishMetrics();
        StartTimer();
        Dispatch();
        await Registry.Register(id, spec.Name, now);
        return book.Created();
    }

    public Task<SweepSpec?> GetSpec() => Task.FromResult(_state.State.Spec);

    public Task<SweepStatus> GetStatus() => Task.FromResult(StatusNow());

    public Task<SweepSummary> GetSummary() =>
        Task.FromResult(_book?.Summary() ?? new SweepSummary(Id, null, SweepState.Unknown, TrialCounts.Of([]), null, default, null));

    public async Task<SweepStatus> Cancel()
    {
        if (_book is not { Running: true } book)
        {
            return StatusNow();
        }

        var cancelling = book.Cancel(DateTimeOffset.UtcNow);
        await CarryAsync(cancelling);
        Carry(book.CancelUnconfirmed(cancelling.Commands.OfType<CancelTrial>().Select(c => c.Number), DateTimeOffset.UtcNow));
        await _writer.FlushNowAsync();
        await TellRegistryFinishedAsync();
        return book.Status();
    }

    public async Task<SweepResults> GetResults()
    {
        var status = StatusNow();
        var histories = new List<TrialHistory>(status.Trials.Count);
        foreach (var chunk in status.Trials.Chunk(32))
        {
            histories.AddRange(await Task.WhenAll(chunk.Select(HistoryOf)));
        }

        return new SweepResults(status, histories);
    }

    public async Task<TrialHistory?> GetBest() =>
        _book?.Status().Best is { } best ? await HistoryOf(_book.Rows[best.Number]) : null;

    public async Task<TrialStop?> OnTrialUpdate(TrialStatus status)
    {
        if (_book is not { } book)
        {
            return null;
        }

        Apply(status);
        if (book.StopDecidedFor(status) is not { } stop)
        {
            return null;
        }

        // As for StopTrial's StoreFirst: the trial acts on the decision only once a moved coordinator would find it.
        return await _writer.FlushNowAsync() ? stop : null;
    }

    public Task Wake()
    {
        if (_book is { Running: true })
        {
            Dispatch();
        }

        return Task.CompletedTask;
    }

    private SweepStatus StatusNow() => _book?.Status() ?? SweepStatus.Unknown(Id);

    private ITrialGrain TrialOf(int n) => GrainFactory.GetGrain<ITrialGrain>(Book.Rows.TrialIdOf(n));

    private void Apply(TrialStatus status) => Carry(Book.Apply(status, DateTimeOffset.UtcNow));

    private void Carry(SweepWork work) => _ = CarryAsync(work);

    /// <summary>Does what <paramref name="work"/> says; the task ends when its calls have.</summary>
    private Task CarryAsync(SweepWork work)
    {
        if (work.StateChanged)
        {
            _writer.MarkDirty();
        }

        var calls = work.Commands.Select(command => command switch
        {
            StartTrial start => StartTrialAsync(start),
            StopTrial stop => StopTrialAsync(stop),
            CancelTrial cancel => CancelTrialAsync(cancel.Number, cancel.Reason),
            ReadTrialHistory read => CatchUpAsync(read.Number),
            TellRegistryFinished => TellRegistryFinishedAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(work), command, "Unknown command."),
        }).ToList();
        if (work.Dispatch)
        {
            Dispatch();
        }

        return Task.WhenAll(calls);
    }

    private async Task<TrialHistory> HistoryOf(TrialStatus row) =>
        Book.HistoryOf(row, row.Attempt == 0 ? null : await TrialOf(row.Number).GetHistory());

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
        var book = Book;
        try
        {
            var more = true;
            while (more)
            {
                _dispatchAgain = false;
                Carry(book.AssignSpareSlots(DateTimeOffset.UtcNow));
                var wanted = book.WantedFromLedger(DateTimeOffset.UtcNow);
                if (wanted.Count == 0 && !book.Slots.HasNewsForLedger)
                {
                    break;
                }

                var messages = book.Slots.TakeMessages();
                IReadOnlyList<SlotLease> leases;
                try
                {
                    leases = await Ledger.Exchange(messages.Released, messages.Refused, messages.Claimed, wanted.Select(book.Rows.TrialIdOf).ToList());
                }
                catch (Exception e)
                {
                    _log.LogWarning(e, "Sweep {Sweep}: the slot ledger did not answer; retrying on the next tick", Id);
                    book.Slots.Restore(messages);
                    break;
                }

                var (work, anotherRound) = book.AcceptLeases(leases, wanted.Count, DateTimeOffset.UtcNow);
                Carry(work);
                more = _dispatchAgain || anotherRound;
            }
        }
        finally
        {
            _dispatching = false;
        }
    }

    /// <summary>Starts a trial in its slot; a trial just proposed only once its proposal is stored.</summary>
    private async Task StartTrialAsync(StartTrial start)
    {
        var (n, slot) = (start.Number, start.Slot);
        foreach (var proposed in start.Proposed)
        {
            _log.LogInformation("Sweep {Sweep}: proposed trial {Trial}: {Config}", Id, Book.Rows.TrialIdOf(proposed), Book.Rows[proposed].Axes);
        }

        if (start.StoreFirst && !await _writer.FlushNowAsync())
        {
            Carry(Book.ProposalNotStored(n));
            return;
        }

        StartReply reply;
        try
        {
            reply = await StartOnSiloAsync(TrialOf(n), Book.Launch(n, slot));
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Sweep {Sweep}: starting trial {Trial} in {Slot} failed", Id, Book.Rows.TrialIdOf(n), slot);
            Carry(Book.StartFailed(n, slot, $"could not start on {slot}: {e.Message}", DateTimeOffset.UtcNow));
            return;
        }

        Carry(reply.Kind is StartReplyKind.Started or StartReplyKind.AlreadyRunning or StartReplyKind.AlreadyFinished
            ? Book.StartAnswered(n, reply.Status, DateTimeOffset.UtcNow)
            : Book.StartFailed(n, slot, $"slot {slot} refused the trial ({reply.Kind})", DateTimeOffset.UtcNow));
    }

    /// <summary>Starts <paramref name="trial"/> on its slot's silo (the placement reads the silo from the request
    /// context); a start that reached another silo is tried again a few times.</summary>
    private static async Task<StartReply> StartOnSiloAsync(ITrialGrain trial, TrialLaunch launch)
    {
        for (var tries = 1; ; tries++)
        {
            Task<StartReply> call;
            RequestContext.Set(DeviceSlotPlacement.TargetSiloKey, launch.Slot.Silo);
            try
            {
                call = trial.Start(launch);
            }
            finally
            {
                RequestContext.Remove(DeviceSlotPlacement.TargetSiloKey);
            }

            var reply = await call;
            if (reply.Kind != StartReplyKind.Misplaced || tries == 5)
            {
                return reply;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25 * tries));
        }
    }

    private Task StopTrialAsync(StopTrial stop)
    {
        _log.LogInformation("Sweep {Sweep}: stopping trial {Trial}: {Reason}", Id, Book.Rows.TrialIdOf(stop.Number), stop.Stop.Reason);
        return ApplyAnswerAsync(
            async () =>
            {
                if (stop.StoreFirst)
                {
                    await _writer.FlushNowAsync();
                }

                return await TrialOf(stop.Number).Stop(stop.Stop);
            },
            e => _log.LogWarning(e, "Sweep {Sweep}: stopping trial {Trial} failed; its row keeps the decision", Id, Book.Rows.TrialIdOf(stop.Number)));
    }

    private Task CancelTrialAsync(int n, string reason) => ApplyAnswerAsync(
        () => TrialOf(n).Cancel(reason),
        e => _log.LogWarning(e, "Sweep {Sweep}: cancelling trial {Trial} failed", Id, Book.Rows.TrialIdOf(n)));

    private Task AskStatusAsync(int n) => ApplyAnswerAsync(
        () => TrialOf(n).GetStatus().WaitAsync(AskTimeout),
        e =>
        {
            Book.AskFailed(n, DateTimeOffset.UtcNow);
            _log.LogWarning(e, "Sweep {Sweep}: asking trial {Trial} for its status failed; asking again in {Retry}", Id, Book.Rows.TrialIdOf(n), TrialLiveness.AskRetry);
        });

    /// <summary>Makes a call to a trial grain and takes the status it answers with; <paramref name="failed"/> hears of a failure.</summary>
    private async Task ApplyAnswerAsync(Func<Task<TrialStatus?>> call, Action<Exception> failed)
    {
        try
        {
            if (await call() is { } status)
            {
                Apply(status);
            }
        }
        catch (Exception e)
        {
            failed(e);
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
            for (var tries = 0; tries < 3 && Book.NeedsHistory(n) && await EpochsOfAsync(n, CancellationToken.None) is { } epochs; tries++)
            {
                Carry(Book.TakeHistory(n, epochs, DateTimeOffset.UtcNow));
            }
        }
        finally
        {
            _catchingUp.Remove(n);
        }
    }

    /// <summary>After a move: the histories of the trials that ran an epoch, for the scheduler's records
    /// (<see cref="SweepBook.Rebuild"/>); each judged through the epoch its row showed when it was asked for.</summary>
    private async Task RebuildSchedulerAsync(CancellationToken cancellationToken)
    {
        var histories = new List<(int Trial, IReadOnlyList<EpochResult> Epochs, int JudgedThrough)>();
        foreach (var chunk in Book.Rows.Where(r => r.Epoch > 0).Chunk(32))
        {
            var read = await Task.WhenAll(chunk.Select(async row => (row.Number, Epochs: await EpochsOfAsync(row.Number, cancellationToken), row.Epoch)));
            histories.AddRange(read.Where(h => h.Epochs is not null).Select(h => (h.Number, h.Epochs!, h.Epoch)));
        }

        Carry(Book.Rebuild(histories, DateTimeOffset.UtcNow));
    }

    /// <summary>Trial <paramref name="n"/>'s recorded epochs, for the scheduler; null when it has no history or reading
    /// it failed (its next report finds its epochs missing and asks again).</summary>
    private async Task<IReadOnlyList<EpochResult>?> EpochsOfAsync(int n, CancellationToken cancellationToken)
    {
        try
        {
            return (await TrialOf(n).GetHistory().WaitAsync(AskTimeout, cancellationToken))?.Epochs;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _log.LogWarning(e, "Sweep {Sweep}: reading trial {Trial}'s history for its scheduler failed; its next report asks again", Id, Book.Rows.TrialIdOf(n));
            return null;
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
        var book = Book;
        book.Slots.TellLedgerSoon();
        if (book.Running)
        {
            var (work, requeued) = book.RequeueTrialsOfDeadSilos(_membership.CurrentSnapshot.GetSiloStatus, DateTimeOffset.UtcNow);
            foreach (var n in requeued)
            {
                _log.LogInformation("Sweep {Sweep}: trial {Trial} lost its silo {Silo}; requeued", Id, book.Rows.TrialIdOf(n), book.Rows[n].Silo);
            }

            Carry(work);
            foreach (var n in book.DueForStatusAsk(DateTimeOffset.UtcNow))
            {
                _ = AskStatusAsync(n);
            }

            Dispatch();
        }
        else if (book.Slots.HasUnsent)
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

    /// <summary>Exports the trial counts and best verified error (throttled with the state writes).</summary>
    private void PublishMetrics()
    {
        if (_book is { } book)
        {
            _metrics.Publish(Id, book.Counts(), book.Rows.BestVerifiedError, !book.Running);
        }
    }

    private Task WriteStateAsync()
    {
        _book?.Store(_state.State);
        PublishMetrics();
        return _state.WriteStateAsync();
    }
}
