using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Devices;
using Certsweep.Grains.Metrics;
using Certsweep.Grains.Placement;
using Certsweep.Grains.Training;
using Certsweep.Hyperparameters;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;

namespace Certsweep.Grains.Trials;

/// <summary>
/// One trial, activated on the silo that owns the device slot it was launched into
/// (<see cref="DeviceSlotPlacement"/>). Training runs on one of the silo's training threads (<see cref="TrialRun"/>,
/// <see cref="TrainingThreads"/>); the grain records each epoch in storage before the thread goes on, keeps its slot in
/// the silo's slot table until the thread has ended, and reports every status change to the sweep's coordinator; in a
/// sweep with a scheduler the thread also waits for the coordinator's answer to each epoch's report, which may stop the
/// trial there (<see cref="TrialLaunch.AwaitsVerdicts"/>). Reentrant: every turn runs on the activation's single
/// thread, so state changes between awaits are atomic.
/// </summary>
[DeviceSlotPlacement]
[Immovable]
[Reentrant]
public sealed class TrialGrain : Grain, ITrialGrain
{
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan HandbackNotifyWait = TimeSpan.FromSeconds(5);

    /// <summary>How long training waits for the coordinator's answer to an epoch's report (long enough for a coordinator
    /// that moved to come back and rebuild its scheduler); past it, training goes on and a stop arrives later.</summary>
    private static readonly TimeSpan VerdictWait = TimeSpan.FromSeconds(30);

    private readonly IPersistentState<TrialGrainState> _state;
    private readonly LocalDeviceSlots _slots;
    private readonly LocalTrialRuns _runs;
    private readonly TrainingThreads _threads;
    private readonly ITrialTrainer _trainer;
    private readonly TrialExecutionOptions _execution;
    private readonly ILocalSiloDetails _silo;
    private readonly TrialMetrics _trialMetrics;
    private readonly SiloMetrics _siloMetrics;
    private readonly ILogger<TrialGrain> _log;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private TrialRun? _run;
    private IGrainTimer? _keepAlive;
    private TrialStatus? _unsent;
    private Task _sending = Task.CompletedTask;

    public TrialGrain(
        [PersistentState("trial", CertsweepStorage.Name)] IPersistentState<TrialGrainState> state,
        LocalDeviceSlots slots, LocalTrialRuns runs, TrainingThreads threads, ITrialTrainer trainer, TrialExecutionOptions execution,
        ILocalSiloDetails silo, TrialMetrics trialMetrics, SiloMetrics siloMetrics, ILogger<TrialGrain> log)
    {
        _state = state;
        _slots = slots;
        _runs = runs;
        _threads = threads;
        _trainer = trainer;
        _execution = execution;
        _silo = silo;
        _trialMetrics = trialMetrics;
        _siloMetrics = siloMetrics;
        _log = log;
    }

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A stored 'running' means the activation that ran it is gone without handing it back: its silo died.
        if (_state.State.Status is { State: TrialState.Running } lost)
        {
            // The attempt ended at its last recorded change; when exactly the silo died is not known.
            Update(lost.EndingAttempt(lost.UpdatedAt) with
            {
                State = TrialState.Pending,
                Preemptions = lost.Preemptions + 1,
                Reason = $"interrupted: silo {lost.Silo} stopped without handing the trial back; resumes from its last checkpoint",
            });
            await PersistAsync();
            Notify();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_run is { } run)
        {
            // A graceful stop suspends every run before grains are deactivated (TrialHandback); anything else that
            // takes a running trial's activation away (the silo dying under it, a directory failure) hands it back
            // with what Orleans said, so the hand-back reason names the real cause.
            run.Suspend(reason.ReasonCode == DeactivationReasonCode.ShuttingDown
                ? $"silo {_silo.Name} is shutting down"
                : $"its activation on silo {_silo.Name} was deactivated ({reason.ReasonCode}: {reason.Description})");
            try
            {
                await run.Closed.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _log.LogWarning("Trial {Trial} was still running when its activation was deactivated ({Reason})", Id, reason);
            }
        }
    }

    public Task<StartReply> Start(TrialLaunch launch) => Task.FromResult(StartNow(launch));

    private StartReply StartNow(TrialLaunch launch)
    {
        RequestContext.Clear();
        var status = _state.State.Status;
        if (status is { } s && s.State.IsFinal())
        {
            return new StartReply(StartReplyKind.AlreadyFinished, s);
        }

        if (_run is not null)
        {
            return new StartReply(StartReplyKind.AlreadyRunning, Current());
        }

        if (!launch.Slot.Silo.Equals(_silo.SiloAddress))
        {
            DeactivateOnIdle();
            return new StartReply(StartReplyKind.Misplaced, status);
        }

        if (_runs.Draining)
        {
            return new StartReply(StartReplyKind.Draining, status);
        }

        if (!_slots.TryOccupy(launch.Slot, Id))
        {
            return new StartReply(StartReplyKind.SlotBusy, status);
        }

        var attempt = Math.Max(launch.Attempt, (status?.Attempt ?? 0) + 1);
        var now = DateTimeOffset.UtcNow;
        _state.State.Config = launch.Config;
        _state.State.Status = (status ?? NewStatus(launch)).StartingAttempt(now) with
        {
            State = TrialState.Running,
            Attempt = attempt,
            Revision = 0,
            Silo = _silo.Name,
            SiloAddress = _silo.SiloAddress,
            Device = launch.Slot.Device,
            Failures = Math.Max(launch.Failures, status?.Failures ?? 0),
            Preemptions = Math.Max(launch.Preemptions, status?.Preemptions ?? 0),
            Reason = null,
            UpdatedAt = now,
            StoppedAt = null,
            CancelRequestedAt = null,
            ResumedFrom = null,
            FinalCertificate = null,
            Stop = null,
        };
        // Not persisted yet: the coordinator records that the trial runs, and the first epoch (or the end) is
        // written before the training thread goes on, so a crash before then loses nothing.
        var request = new TrialTrainingRequest(
            launch.Config, launch.Slot.Device, _execution.CheckpointDirectory(launch.SweepId, launch.Number), _execution.DataRoot, _execution.TorchThreads);
        var rule = EarlyStoppingRule.For(launch.Config);
        foreach (var epoch in _state.State.Epochs)
        {
            rule?.Observe(epoch);
        }

        var series = _trialMetrics.Start(Id, launch, _state.State.Epochs.LastOrDefault());
        var run = new TrialRun(Id, attempt, _silo.Name, launch.Slot.Device, request, _trainer, rule, _runs, _threads, series, launch.AwaitsVerdicts);
        _run = run;
        _runs.Register(run);
        _keepAlive ??= this.RegisterGrainTimer(() => Task.CompletedTask, new GrainTimerCreationOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)) { KeepAlive = true, Interleave = true });
        run.Start();
        _ = PumpAsync(run);
        return new StartReply(StartReplyKind.Started, _state.State.Status);
    }

    public Task<TrialStatus?> Cancel(string reason) => EndEarlyAsync(reason, stop: null);

    public Task<TrialStatus?> Stop(TrialStop stop) => EndEarlyAsync(stop.Reason, stop);

    /// <summary>Cancels the trial, or with <paramref name="stop"/> stops it as the scheduler decided: a running trial
    /// stops before its next batch (<see cref="CloseAsync"/> names the final state), a waiting one ends at once.</summary>
    private async Task<TrialStatus?> EndEarlyAsync(string reason, TrialStop? stop)
    {
        if (_run is { } run)
        {
            EndRun(run, reason, stop);
            try
            {
                await run.Closed.WaitAsync(CancelWait);
            }
            catch (TimeoutException)
            {
                _log.LogWarning("Trial {Trial} did not stop within {Wait} of being cancelled", Id, CancelWait);
            }

            return Current();
        }

        if (_state.State.Status is { } status && !status.State.IsFinal())
        {
            var now = DateTimeOffset.UtcNow;
            Update(status with { State = stop is null ? TrialState.Cancelled : TrialState.Stopped, Reason = reason, Stop = stop, FinishedAt = now });
            await PersistAsync();
            Notify();
        }

        return _state.State.Status;
    }

    /// <summary>Has the running attempt end before its next batch, cancelled or (with <paramref name="stop"/>) stopped.</summary>
    private void EndRun(TrialRun run, string reason, TrialStop? stop)
    {
        _state.State.Status = _state.State.Status! with { CancelRequestedAt = run.Position, Reason = reason, Stop = stop };
        run.Cancellation.Cancel();
    }

    public Task<TrialStatus?> GetStatus() => Task.FromResult(_state.State.Status is null ? null : Current());

    public Task<TrialHistory?> GetHistory() => Task.FromResult(_state.State.Status is null
        ? null
        : new TrialHistory(Current(), _state.State.Config, _state.State.Epochs.ToList()));

    private TrialStatus NewStatus(TrialLaunch launch) => new()
    {
        TrialId = Id,
        SweepId = launch.SweepId,
        Number = launch.Number,
        Axes = launch.Axes,
        Epochs = launch.Config.Get(Parameters.Epochs),
        EpsMax = launch.Config.Get(Parameters.Eps),
    };

    /// <summary>The stored status with the running batch's position and eps (beside, not over, the last epoch's eps).</summary>
    private TrialStatus Current()
    {
        var status = _state.State.Status!;
        return _run is { Position: { } position } run && status.State == TrialState.Running
            ? status with { Batch = position.Batch, BatchesPerEpoch = position.BatchesPerEpoch, BatchEps = run.BatchEps }
            : status;
    }

    private void Update(TrialStatus status) =>
        _state.State.Status = status with { Revision = status.Revision + 1, UpdatedAt = DateTimeOffset.UtcNow };

    private async Task PumpAsync(TrialRun run)
    {
        await foreach (var e in run.Events.ReadAllAsync())
        {
            try
            {
                switch (e)
                {
                    case AttemptStarted started:
                        _state.State.Status = _state.State.Status! with { ResumedFrom = started.ResumedFrom };
                        break;
                    case EpochFinished epoch:
                        await RecordEpochAsync(run, epoch.Result);
                        epoch.Recorded.TrySetResult();
                        break;
                    case RunEnded ended:
                        await CloseAsync(run, ended);
                        break;
                }
            }
            catch (Exception failure)
            {
                _log.LogError(failure, "Trial {Trial} could not record {Event}", Id, e.GetType().Name);
                (e as EpochFinished)?.Recorded.TrySetResult();
                if (e is RunEnded)
                {
                    run.MarkClosed();
                }
            }
        }
    }

    private async Task RecordEpochAsync(TrialRun run, EpochResult result)
    {
        var epochs = _state.State.Epochs;
        if (epochs.Any(e => e.Epoch == result.Epoch))
        {
            return;
        }

        run.Series.OnEpoch(result);
        _siloMetrics.EpochRecorded(_state.State.Config!, result);

        epochs.Add(result);
        epochs.Sort((a, b) => a.Epoch.CompareTo(b.Epoch));

        // The status shows the latest epoch (an older one, re-reported from a checkpoint, fills the history only).
        var status = _state.State.Status!;
        var latest = result.Epoch >= status.Epoch ? result : epochs.Last();
        Update(status with
        {
            Epoch = latest.Epoch,
            Eps = latest.Eps,
            EpsMax = latest.EpsMax,
            CleanError = latest.Selection.CleanError,
            VerifiedError = latest.Selection.VerifiedError,
            Best = BestEpoch.Of(epochs),
            LastEpochFinishedAt = latest.FinishedAt,
            LastEpochSeconds = latest.EpochSeconds,
            PgdError = result.PgdError ?? status.PgdError,
            PgdEpoch = result.PgdError is null ? status.PgdEpoch : result.Epoch,
        });
        await PersistAsync();
        Notify();
        if (run.AwaitsVerdicts)
        {
            try
            {
                await _sending.WaitAsync(VerdictWait);
            }
            catch (TimeoutException)
            {
                _log.LogWarning("Trial {Trial}: no answer to epoch {Epoch}'s report within {Wait}; training on", Id, result.Epoch, VerdictWait);
            }
        }
    }

    private async Task CloseAsync(TrialRun run, RunEnded ended)
    {
        var now = DateTimeOffset.UtcNow;
        var status = _state.State.Status!.EndingAttempt(now);
        var stoppedAt = run.Position;
        var final = ended switch
        {
            { Failure: { } failure } => status with
            {
                State = TrialState.Failed,
                Failures = status.Failures + 1,
                Reason = $"{failure.GetType().Name}: {failure.Message}",
                FinishedAt = now,
            },
            { Outcome: { Kind: TrialTrainingOutcomeKind.Completed, Certificate: var certificate } } => status with
            {
                State = TrialState.Completed, FinishedAt = now, FinalCertificate = certificate,
            },
            { Outcome.Kind: TrialTrainingOutcomeKind.Cancelled } when run.EarlyStopped => status with
            {
                State = TrialState.Completed, EarlyStopped = true, Reason = run.EarlyStopReason, FinishedAt = now,
            },
            { Outcome.Kind: TrialTrainingOutcomeKind.Cancelled } when status.Stop is { } stop => status with
            {
                State = TrialState.Stopped, Reason = stop.Reason, StoppedAt = stoppedAt, FinishedAt = now,
            },
            { Outcome.Kind: TrialTrainingOutcomeKind.Cancelled } => status with
            {
                State = TrialState.Cancelled, Reason = status.Reason ?? "cancelled", StoppedAt = stoppedAt, FinishedAt = now,
            },
            { Outcome.Kind: TrialTrainingOutcomeKind.Suspended } => status with
            {
                State = TrialState.Pending,
                Preemptions = status.Preemptions + 1,
                Reason = $"handed back: {run.SuspensionReason ?? $"silo {_silo.Name} is shutting down"}; resumes from its mid-epoch checkpoint",
                StoppedAt = stoppedAt,
            },
            { Outcome: { Kind: TrialTrainingOutcomeKind.Diverged, Divergence: var divergence } } => status with
            {
                State = TrialState.Diverged, Divergence = divergence, Reason = $"diverged: {divergence}", FinishedAt = now,
            },
            _ => throw new InvalidOperationException("A run ended without an outcome."),
        };
        if (ended.Failure is { } f)
        {
            _log.LogWarning(f, "Trial {Trial} attempt {Attempt} failed", Id, run.Attempt);
        }

        run.Series.End(final.State, final.FinalCertificate);
        _siloMetrics.AttemptEnded(final.State);
        _slots.Vacate(Id);
        _runs.Unregister(run);
        _run = null;
        _keepAlive?.Dispose();
        _keepAlive = null;
        Update(final);
        try
        {
            await PersistAsync();
            Notify();
            await _sending.WaitAsync(HandbackNotifyWait);
        }
        catch (TimeoutException)
        {
            // The coordinator will hear later (the sender retries) or reconcile from storage.
        }
        finally
        {
            run.MarkClosed();
        }
    }

    private async Task PersistAsync()
    {
        await _writes.WaitAsync();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _state.WriteStateAsync();
                    return;
                }
                catch (Exception e) when (attempt < 3)
                {
                    _log.LogWarning(e, "Trial {Trial}: writing its state failed (try {Attempt}), retrying", Id, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(attempt));
                }
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Sends the latest status to the coordinator; statuses are ordered, so only the latest unsent one matters.</summary>
    private void Notify()
    {
        _unsent = _state.State.Status;
        if (_sending.IsCompleted)
        {
            _sending = SendAsync();
        }
    }

    private async Task SendAsync()
    {
        for (var failures = 0; _unsent is { } status && failures < 60;)
        {
            _unsent = null;
            try
            {
                var stop = await GrainFactory.GetGrain<ISweepCoordinatorGrain>(status.SweepId).OnTrialUpdate(status);
                failures = 0;
                if (stop is not null && _run is { } run && !run.Cancellation.IsCancellationRequested)
                {
                    EndRun(run, stop.Reason, stop);
                }
            }
            catch (Exception e)
            {
                failures++;
                _log.LogWarning(e, "Trial {Trial}: telling coordinator {Sweep} failed, retrying", Id, status.SweepId);
                _unsent ??= status;
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
