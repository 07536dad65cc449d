using Certsweep.Hyperparameters;

namespace Certsweep.Contracts.Trials;

/// <summary>
/// One trial at a moment: its state, progress and latest results, and where it runs. The trial grain
/// answers with it and reports every change of it to its sweep's coordinator, whose status rows are these.
/// Changes are ordered by (<see cref="Attempt"/>, <see cref="Revision"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrialStatus
{
    [Id(0)] public required string TrialId { get; init; }

    [Id(1)] public required string SweepId { get; init; }

    /// <summary>The trial's number in its sweep, from 1.</summary>
    [Id(2)] public required int Number { get; init; }

    [Id(3)] public required ParameterSet Axes { get; init; }

    [Id(4)] public TrialState State { get; init; }

    /// <summary>Dispatches so far (first run, retries after failures, resumptions after a silo left); 0 before the first.</summary>
    [Id(5)] public int Attempt { get; init; }

    /// <summary>Counts the trial grain's changes within an attempt.</summary>
    [Id(6)] public long Revision { get; init; }

    /// <summary>Epochs completed and checkpointed.</summary>
    [Id(7)] public int Epoch { get; init; }

    [Id(8)] public required int Epochs { get; init; }

    /// <summary>The last finished epoch's eps (the eps of <see cref="Epoch"/>, whose errors are shown beside it).</summary>
    [Id(9)] public double Eps { get; init; }

    [Id(10)] public double EpsMax { get; init; }

    /// <summary>Training batches done in the running epoch (trial grain only; 0 in the coordinator's rows).</summary>
    [Id(11)] public int Batch { get; init; }

    [Id(12)] public int BatchesPerEpoch { get; init; }

    /// <summary>The last epoch's clean error on the selection split (the test set, or the validation split when the
    /// sweep selects on it: test figures are then reported for the best epoch only, <see cref="BestEpoch"/>).</summary>
    [Id(13)] public double? CleanError { get; init; }

    /// <summary>The last epoch's verified error at that epoch's eps, on the selection split.</summary>
    [Id(14)] public double? VerifiedError { get; init; }

    [Id(15)] public BestEpoch? Best { get; init; }

    /// <summary>Name of the silo running (or that last ran) the trial.</summary>
    [Id(16)] public string? Silo { get; init; }

    [Id(17)] public string? Device { get; init; }

    /// <summary>Failed attempts (errors, not preemptions); retried up to the sweep's <c>retries</c>.</summary>
    [Id(18)] public int Failures { get; init; }

    /// <summary>Times the trial was handed back or lost because its silo stopped or died.</summary>
    [Id(19)] public int Preemptions { get; init; }

    /// <summary>Why the trial failed, was cancelled, stopped early or went back to pending.</summary>
    [Id(20)] public string? Reason { get; init; }

    [Id(21)] public Divergence? Divergence { get; init; }

    /// <summary>Completed by early stopping (no improvement at full eps for the patience) rather than by running out of epochs.</summary>
    [Id(22)] public bool EarlyStopped { get; init; }

    [Id(23)] public DateTimeOffset? StartedAt { get; init; }

    [Id(24)] public DateTimeOffset UpdatedAt { get; init; }

    [Id(25)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Wall seconds of the last epoch (for an ETA).</summary>
    [Id(26)] public double? LastEpochSeconds { get; init; }

    /// <summary>Where training stood when a cancel was asked for, and where it stopped.</summary>
    [Id(27)] public BatchPosition? CancelRequestedAt { get; init; }

    [Id(28)] public BatchPosition? StoppedAt { get; init; }

    /// <summary>Address of the silo running (or that last ran) the trial; <see cref="Silo"/> is its name.</summary>
    [Id(29)] public Orleans.Runtime.SiloAddress? SiloAddress { get; init; }

    /// <summary>Where the current attempt picked up from its checkpoint: in epoch <c>Epoch</c> after <c>Batch</c>
    /// batches (batch 0: at the epoch's start); null when it started from scratch.</summary>
    [Id(30)] public BatchPosition? ResumedFrom { get; init; }

    /// <summary>The test PGD error of the last epoch that measured it (spec group pgd), and that epoch; null while none has.</summary>
    [Id(31)] public double? PgdError { get; init; }

    [Id(32)] public int? PgdEpoch { get; init; }

    /// <summary>When the trial's first attempt started (<see cref="StartedAt"/> is the current attempt's).</summary>
    [Id(34)] public DateTimeOffset? FirstStartedAt { get; init; }

    /// <summary>Wall time of the attempts that have ended; the running attempt is not in it until it ends.</summary>
    [Id(35)] public TimeSpan EndedAttemptsTime { get; init; }

    /// <summary>Wall time over every attempt: the ended ones and, while one runs, the running one up to its last
    /// change. Null before the first start.</summary>
    public TimeSpan? TotalTime()
    {
        if (StartedAt is not { } started)
        {
            return null;
        }

        if (FirstStartedAt is null)
        {
            // Recorded before attempts were summed: only the last attempt is known.
            return (FinishedAt ?? UpdatedAt) - started;
        }

        return State == TrialState.Running ? EndedAttemptsTime + (UpdatedAt - started) : EndedAttemptsTime;
    }

    /// <summary>This status as a new attempt started at <paramref name="now"/>: the first start is kept.</summary>
    public TrialStatus StartingAttempt(DateTimeOffset now) =>
        this with { StartedAt = now, FirstStartedAt = FirstStartedAt ?? StartedAt ?? now };

    /// <summary>This status with the current attempt ended at <paramref name="end"/>, its time added to
    /// <see cref="EndedAttemptsTime"/>.</summary>
    public TrialStatus EndingAttempt(DateTimeOffset end) =>
        StartedAt is { } started ? this with { EndedAttemptsTime = EndedAttemptsTime + (end - started) } : this;

    /// <summary>The running training batch's eps (trial grain only, while running; null in the coordinator's rows).</summary>
    [Id(36)] public double? BatchEps { get; init; }

    /// <summary>The scheduler's decision to stop the trial: set by the coordinator when it decides (the row keeps it
    /// until the trial confirms), and on the trial's final <see cref="TrialState.Stopped"/> status.</summary>
    [Id(37)] public TrialStop? Stop { get; init; }

    /// <summary>When epoch <see cref="Epoch"/> finished training (its <see cref="EpochResult.FinishedAt"/>): the time a
    /// sweep's scheduler orders the records of a rung by.</summary>
    [Id(38)] public DateTimeOffset? LastEpochFinishedAt { get; init; }

    /// <summary>The best checkpoint certified by IBP and full CROWN once the trial completed (<c>final_certify: crown</c>);
    /// null otherwise.</summary>
    [Id(40)] public FinalCertificate? FinalCertificate { get; init; }

    /// <summary>True when this change is newer than <paramref name="other"/>.</summary>
    public bool IsNewerThan(TrialStatus other) =>
        Attempt > other.Attempt || (Attempt == other.Attempt && Revision > other.Revision);
}
