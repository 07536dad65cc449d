using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps.Scheduling;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// The coordinator's decision point after each epoch a trial reports: continue, or stop the trial early. It keeps
/// the epochs as <see cref="EpochRecords"/> and asks its stopping rule about each new one; an epoch is judged once.
/// Without a rule every trial continues. Only reports of whole epochs count: a status read from a running trial
/// carries the running batch's eps (<see cref="TrialStatus.BatchesPerEpoch"/> set) and is skipped. Reports are
/// latest-only, so one can skip an epoch (and a rung): then <see cref="OnReport"/> says the trial's history is
/// needed, and <see cref="OnHistory"/> takes it. The values compared are the selection split's (what the trial's
/// status and <see cref="EpochResult.Selection"/> carry); records are ordered by when each epoch finished.
/// </summary>
internal sealed class TrialScheduler
{
    private readonly ITrialStoppingRule? _rule;
    private readonly string? _metric;
    private readonly EpochRecords _records = new();

    /// <summary>Per trial, the last epoch up to which every epoch has been heard.</summary>
    private readonly Dictionary<int, int> _heardThrough = new();

    public TrialScheduler(ITrialStoppingRule? rule)
    {
        _rule = rule;
        if (rule is not null)
        {
            MetricOf(rule.Metric);
            _metric = rule.Metric;
        }
    }

    /// <summary>The spec's scheduler: ASHA, the median rule, or none.</summary>
    public static TrialScheduler For(SweepSpec spec) => new(spec.SchedulerKind switch
    {
        "asha" => new AshaScheduler(spec.Get(Parameters.SchedulerMetric), spec.Get(Parameters.SchedulerReductionFactor),
            spec.Get(Parameters.SchedulerMinEpochs), spec.Get(Parameters.SchedulerGrace)),
        "median" => new MedianStoppingRule(spec.Get(Parameters.SchedulerMetric), spec.Get(Parameters.SchedulerMinEpochs), spec.Get(Parameters.SchedulerGrace)),
        _ => null,
    });

    /// <summary>True when a rule judges the epochs (else every trial continues and nothing need be fed).</summary>
    public bool IsActive => _rule is not null;

    /// <summary>The last epoch of trial <paramref name="trial"/> up to which every epoch has been heard.</summary>
    public int HeardThrough(int trial) => _heardThrough.GetValueOrDefault(trial);

    /// <summary>Reads a metric, by the name a stopping rule or objective uses, from a trial's status.</summary>
    public static Func<TrialStatus, double?> MetricOf(string metric) => metric switch
    {
        SweepObjectives.VerifiedError => s => s.VerifiedError,
        SweepObjectives.CleanError => s => s.CleanError,
        _ => throw new ArgumentException($"Unknown metric '{metric}'; known: verified_error, clean_error.", nameof(metric)),
    };

    /// <summary>
    /// The decision after the epoch <paramref name="report"/> shows (null to continue). <paramref name="needsHistory"/>
    /// is set, and nothing judged, when an earlier epoch of the trial was not heard: the caller passes the trial's
    /// history to <see cref="OnHistory"/>.
    /// </summary>
    public StopDecision? OnReport(TrialStatus report, out bool needsHistory)
    {
        needsHistory = false;
        if (_rule is null || report.Epoch == 0 || report.BatchesPerEpoch > 0)
        {
            return null;
        }

        var heard = _heardThrough.GetValueOrDefault(report.Number);
        if (report.Epoch <= heard)
        {
            return null;
        }

        if (report.Epoch > heard + 1)
        {
            needsHistory = true;
            return null;
        }

        _heardThrough[report.Number] = report.Epoch;
        if (MetricOf(_metric!)(report) is not { } value)
        {
            return null;
        }

        var record = new EpochRecord(report.Number, report.Epoch, report.Epochs, value, report.Eps, report.EpsMax, report.LastEpochFinishedAt ?? report.UpdatedAt);
        return _records.Add(record) ? _rule.Judge(record, _records) : null;
    }

    /// <summary>The decision after the epoch <paramref name="report"/> shows; null to continue (also when epochs
    /// before it are missing: <see cref="OnReport(TrialStatus, out bool)"/> says so).</summary>
    public StopDecision? OnReport(TrialStatus report) => OnReport(report, out _);

    /// <summary>
    /// Takes trial <paramref name="trial"/>'s recorded epochs (its history): each one not known yet is recorded and,
    /// after <paramref name="judgedThrough"/>, judged in epoch order. Returns the first decision to stop; null to
    /// continue.
    /// </summary>
    public StopDecision? OnHistory(int trial, IReadOnlyList<EpochResult> epochs, int judgedThrough = 0) =>
        Take([(trial, epochs, judgedThrough)]).GetValueOrDefault(trial);

    /// <summary>
    /// Takes the histories of several trials (a coordinator rebuilding its records after it moved): every epoch is
    /// recorded first, then the epochs after each trial's <c>JudgedThrough</c> (those its predecessor had not heard
    /// of) are judged in the order they finished, as they would have been live. Returns each trial's first decision.
    /// </summary>
    public IReadOnlyDictionary<int, StopDecision> Take(IEnumerable<(int Trial, IReadOnlyList<EpochResult> Epochs, int JudgedThrough)> histories)
    {
        var decisions = new Dictionary<int, StopDecision>();
        if (_rule is null)
        {
            return decisions;
        }

        var toJudge = new List<EpochRecord>();
        foreach (var (trial, epochs, judgedThrough) in histories)
        {
            foreach (var epoch in epochs.OrderBy(e => e.Epoch))
            {
                if (epoch.Epoch == _heardThrough.GetValueOrDefault(trial) + 1)
                {
                    _heardThrough[trial] = epoch.Epoch;
                }

                if (ValueOf(epoch.Selection) is not { } value)
                {
                    continue;
                }

                var record = new EpochRecord(trial, epoch.Epoch, epoch.Epochs, value, epoch.Eps, epoch.EpsMax, epoch.FinishedAt);
                if (_records.Add(record) && epoch.Epoch > judgedThrough)
                {
                    toJudge.Add(record);
                }
            }
        }

        foreach (var record in toJudge.OrderBy(r => r.FinishedAt).ThenBy(r => r.Trial).ThenBy(r => r.Epoch))
        {
            if (!decisions.ContainsKey(record.Trial) && _rule.Judge(record, _records) is { } stop)
            {
                decisions[record.Trial] = stop;
            }
        }

        return decisions;
    }

    private double? ValueOf(PassResult pass) => _metric switch
    {
        SweepObjectives.VerifiedError => pass.VerifiedError,
        _ => pass.CleanError,
    };
}
