using System.Diagnostics.Metrics;
using Certsweep.Contracts.Trials;

namespace Certsweep.Grains.Metrics;

/// <summary>
/// Per-trial metrics of the trials this silo runs: observable gauges that read each trial's latest values
/// (<see cref="TrialSeries"/>) at scrape time. A trial's series are exported by the silo running it, from its
/// start until <see cref="MetricsOptions.FinishedGrace"/> after its attempt here ended; then they disappear.
/// Names and labels: docs/metrics.md.
/// </summary>
public sealed class TrialMetrics
{
    private const string Split = "split";

    private readonly object _gate = new();
    private readonly Dictionary<string, TrialSeries> _series = new(StringComparer.Ordinal);
    private readonly TimeSpan _grace;

    public TrialMetrics(IMeterFactory meters, MetricsOptions options)
    {
        _grace = options.FinishedGrace;
        var meter = meters.Create(CertsweepMeters.Cluster);
        Gauge(meter, "certsweep_trial_epoch", null, "Epochs the trial has completed and checkpointed.", s => s.LastEpoch?.Epoch ?? 0);
        Gauge(meter, "certsweep_trial_planned_epochs", null, "Epochs the trial trains for.", s => s.PlannedEpochs);
        Gauge(meter, "certsweep_trial_eps", null, "Current eps: the latest training batch's while running, else the last epoch's.", s => s.Eps);
        Gauge(meter, "certsweep_trial_learning_rate", null, "Learning rate of the last epoch.", s => s.LastEpoch?.LearningRate);
        Gauge(meter, "certsweep_trial_images_per_second", "{image}/s", "Training throughput of the last epoch; exported only while the trial runs.",
            s => s.State == TrialState.Running ? s.LastEpoch?.ImagesPerSecond : null);
        Gauge(meter, "certsweep_trial_final_verified_error_ratio", "1",
            "Test verified error of the last epoch of a completed trial, at full eps (what the paper reports); absent until the trial completes.",
            s => s.State == TrialState.Completed && s.LastEpoch is { AtFullEps: true } last ? last.Test.VerifiedError : null);
        Gauge(meter, "certsweep_trial_crown_verified_error_ratio", "1",
            "Test verified error of a completed trial's best checkpoint at full eps, certified by full CROWN (final_certify: crown); absent otherwise.",
            s => s.FinalCertificate?.CrownVerifiedError);
        Gauge(meter, "certsweep_trial_best_ibp_verified_error_ratio", "1",
            "Test verified error of a completed trial's best checkpoint at full eps, certified by IBP, beside the CROWN figure (final_certify: crown); absent otherwise.",
            s => s.FinalCertificate?.IbpVerifiedError);
        PassGauge(meter, "certsweep_trial_clean_error_ratio", "1", "Clean (natural) error of the last epoch, by split (train, test).", p => p.CleanError);
        PassGauge(meter, "certsweep_trial_verified_error_ratio", "1",
            "Verified error of the last epoch at that epoch's eps, by split, by the trial's training bound (IBP, or CROWN-IBP mixed with IBP during a crown-ibp ramp); absent when the pass computed no bounds.", p => p.VerifiedError);
        meter.CreateObservableGauge("certsweep_trial_pgd_error_ratio", ObservePgd, "1",
            "Test PGD error of the last epoch that measured it (pgd group), at that epoch's eps: an attack's lower bound on the robust error, beside the IBP-verified upper bound; absent while none did.");
        PassGauge(meter, "certsweep_trial_robust_loss", null, "Robust (IBP) cross-entropy of the last epoch, by split.", p => p.RobustLoss);
        PassGauge(meter, "certsweep_trial_loss", null, "The training objective of the last epoch (robust or natural loss plus weighted regularizers), by split.", p => p.Loss);
        meter.CreateObservableGauge("certsweep_trial_regularizer_loss", ObserveRegularizers, null,
            "Warmup regularizers of the last epoch, by split and term: tightness, relu (balance), weighted (their sum times lambda's decaying weight); absent outside the warmup.");
        meter.CreateObservableGauge("certsweep_trial_relu_ratio", ObserveRelus, "1",
            "Share of ReLU neurons whose input bounds are all positive (relu=active), all negative (inactive) or neither (unstable), last epoch, by split.");
        meter.CreateObservableCounter("certsweep_trial_batches_total", () => Live().Select(s => new Measurement<long>(s.Batches, s.Tags)),
            null, "Training batches this silo ran for the trial.");
        meter.CreateObservableGauge("certsweep_trial_state", () => Live().Select(s => new Measurement<int>(1, [.. s.Tags, new("state", StateName(s.State))])),
            null, "Always 1; the state label is the trial's state on this silo (running, or how its attempt here ended: completed, failed, diverged, cancelled, pending = handed back).");
    }

    /// <summary>Lower-case state name, as in the <c>state</c> labels.</summary>
    public static string StateName(TrialState state) => state.ToString().ToLowerInvariant();

    /// <summary>Starts exporting a trial's attempt on this silo (replacing the series of an earlier attempt here);
    /// <paramref name="lastEpoch"/> is the last epoch of its history, so a resumed trial shows its results at once.</summary>
    internal TrialSeries Start(string trialId, TrialLaunch launch, EpochResult? lastEpoch)
    {
        var series = new TrialSeries(trialId, launch, lastEpoch);
        lock (_gate)
        {
            _series[trialId] = series;
        }

        return series;
    }

    /// <summary>The trials whose series are exported now; drops those past their grace period.</summary>
    internal IReadOnlyList<TrialSeries> Live()
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            foreach (var expired in _series.Values.Where(s => s.ExpiredAt(now, _grace)).ToList())
            {
                _series.Remove(expired.TrialId);
            }

            return _series.Values.ToList();
        }
    }

    private void Gauge(Meter meter, string name, string? unit, string description, Func<TrialSeries, double?> read) =>
        meter.CreateObservableGauge(name, () => Observe(read), unit, description);

    private void PassGauge(Meter meter, string name, string? unit, string description, Func<PassResult, double?> read) =>
        meter.CreateObservableGauge(name, () => ObservePasses(read), unit, description);

    private IEnumerable<Measurement<double>> Observe(Func<TrialSeries, double?> read)
    {
        foreach (var series in Live())
        {
            if (read(series) is { } value)
            {
                yield return new Measurement<double>(value, series.Tags);
            }
        }
    }

    private IEnumerable<Measurement<double>> ObservePasses(Func<PassResult, double?> read) =>
        ObserveEpochs(epoch => Passes(epoch).Select(p => (read(p.Pass), p.Split, (string?)null, (string?)null)));

    private IEnumerable<Measurement<double>> ObservePgd()
    {
        foreach (var series in Live())
        {
            if (series.LastPgdEpoch?.PgdError is { } value)
            {
                yield return new Measurement<double>(value, [.. series.Tags, new(Split, "test")]);
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveRegularizers() =>
        ObserveEpochs(epoch => Passes(epoch).SelectMany(p => new[]
        {
            (p.Pass.TightnessLoss, p.Split, (string?)"term", (string?)"tightness"),
            (p.Pass.ReluLoss, p.Split, "term", "relu"),
            (p.Pass.RegularizerLoss, p.Split, "term", "weighted"),
        }));

    private IEnumerable<Measurement<double>> ObserveRelus() =>
        ObserveEpochs(epoch => Passes(epoch).SelectMany(p => new[]
        {
            (p.Pass.ActiveReluShare, p.Split, (string?)"relu", (string?)"active"),
            (p.Pass.InactiveReluShare, p.Split, "relu", "inactive"),
            (1 - p.Pass.ActiveReluShare - p.Pass.InactiveReluShare, p.Split, "relu", "unstable"),
        }));

    /// <summary>One measurement per (trial, split[, extra label]) of the trials' last epochs; absent values are skipped.</summary>
    private IEnumerable<Measurement<double>> ObserveEpochs(
        Func<EpochResult, IEnumerable<(double? Value, string Split, string? Label, string? LabelValue)>> values)
    {
        foreach (var series in Live())
        {
            if (series.LastEpoch is not { } epoch)
            {
                continue;
            }

            foreach (var (value, split, label, labelValue) in values(epoch))
            {
                if (value is { } v)
                {
                    KeyValuePair<string, object?>[] tags = label is null
                        ? [.. series.Tags, new(Split, split)]
                        : [.. series.Tags, new(Split, split), new(label, labelValue)];
                    yield return new Measurement<double>(v, tags);
                }
            }
        }
    }

    private static (PassResult Pass, string Split)[] Passes(EpochResult epoch) => [(epoch.Train, "train"), (epoch.Test, "test")];
}
