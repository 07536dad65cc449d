using System.Globalization;
using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;

namespace Certsweep.Grains.Metrics;

/// <summary>
/// One trial's latest values on the silo that runs it, read by <see cref="TrialMetrics"/>' instruments at each
/// scrape. Written by the trial grain (epochs, state) and by the training thread (eps and batches, per batch);
/// every field is a single reference or a value read atomically, so a scrape never sees a torn epoch.
/// </summary>
public sealed class TrialSeries
{
    private EpochResult? _lastEpoch;
    private EpochResult? _lastPgdEpoch;
    private double _eps;
    private long _batches;
    private Ending? _ending;

    internal TrialSeries(string trialId, TrialLaunch launch, EpochResult? lastEpoch)
    {
        TrialId = trialId;
        var config = launch.Config;
        Tags =
        [
            new("sweep", launch.SweepId),
            new("trial", launch.Number.ToString("D4", CultureInfo.InvariantCulture)),
            new("dataset", config.Get(Parameters.Dataset)),
            new("device", launch.Slot.Device),
            .. Parameters.OfScope(ParameterScope.Trial).Where(p => p.Sweepable).Select(p =>
                new KeyValuePair<string, object?>(LabelName(p), config.Values.Find(p)?.Written ?? string.Empty)),
        ];
        PlannedEpochs = config.Get(Parameters.Epochs);
        _lastEpoch = lastEpoch;
        _lastPgdEpoch = lastEpoch?.PgdError is null ? null : lastEpoch;
        _eps = lastEpoch?.Eps ?? 0;
    }

    public string TrialId { get; }

    /// <summary>The labels of every series of this trial: sweep, trial (its number), dataset, device, and one per
    /// parameter a sweep may vary (model, method, eps, warmup, lambda, seed, ...; dots become underscores, e.g.
    /// <c>schedule_start</c>; empty where the parameter does not apply, e.g. vanilla's lambda). All bounded by the
    /// sweep's spec.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Tags { get; }

    public int PlannedEpochs { get; }

    /// <summary>A parameter's label name: its spec name with dots as underscores (Prometheus allows no dots).</summary>
    public static string LabelName(Parameter parameter) => parameter.Name.Replace('.', '_');

    /// <summary>The last epoch this silo recorded for the trial (from this attempt or, on a resumed trial, its history).</summary>
    public EpochResult? LastEpoch => Volatile.Read(ref _lastEpoch);

    /// <summary>The last epoch this silo recorded that measured the PGD error (pgd.every may skip epochs).</summary>
    public EpochResult? LastPgdEpoch => Volatile.Read(ref _lastPgdEpoch);

    /// <summary>Eps of the latest training batch while running, else of the last epoch.</summary>
    public double Eps => Volatile.Read(ref _eps);

    /// <summary>Training batches this silo ran for the trial.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Running while the attempt trains here, then the state it ended in (pending: handed back).</summary>
    public TrialState State => Volatile.Read(ref _ending)?.State ?? TrialState.Running;

    /// <summary>When the attempt on this silo ended; null while it runs.</summary>
    public DateTimeOffset? EndedAt => Volatile.Read(ref _ending)?.At;

    /// <summary>On the training thread, after every batch; must stay cheap.</summary>
    internal void OnBatch(double eps)
    {
        Volatile.Write(ref _eps, eps);
        Interlocked.Increment(ref _batches);
    }

    internal void OnEpoch(EpochResult epoch)
    {
        if (epoch.PgdError is not null)
        {
            Volatile.Write(ref _lastPgdEpoch, epoch);
        }

        Volatile.Write(ref _lastEpoch, epoch);
        Volatile.Write(ref _eps, epoch.Eps);
    }

    /// <summary>The best checkpoint's IBP and CROWN certificate of a completed <c>final_certify: crown</c> trial; null otherwise.</summary>
    public FinalCertificate? FinalCertificate => Volatile.Read(ref _ending)?.Certificate;

    /// <summary>The attempt on this silo ended in <paramref name="state"/> (with the best checkpoint's
    /// <paramref name="certificate"/>, if any); the series stay for the grace period from now.</summary>
    internal void End(TrialState state, FinalCertificate? certificate = null) =>
        Volatile.Write(ref _ending, new Ending(state, DateTimeOffset.UtcNow, certificate));

    /// <summary>True when the attempt ended more than <paramref name="grace"/> before <paramref name="now"/>.</summary>
    internal bool ExpiredAt(DateTimeOffset now, TimeSpan grace) => EndedAt is { } ended && now - ended > grace;

    private sealed record Ending(TrialState State, DateTimeOffset At, FinalCertificate? Certificate);
}
