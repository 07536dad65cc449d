using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps.Scheduling;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// The coordinator's decision point after each epoch a trial reports: continue, or stop the trial early. It keeps
/// the reported epochs as <see cref="EpochRecords"/> and asks its stopping rule about each new one; an epoch is
/// judged once. Without a rule every trial continues. Only reports of whole epochs count: a status read from a
/// running trial carries the running batch's eps (<see cref="TrialStatus.BatchesPerEpoch"/> set) and is skipped.
/// </summary>
internal sealed class TrialScheduler
{
    private readonly ITrialStoppingRule? _rule;
    private readonly Func<TrialStatus, double?> _metric;
    private readonly EpochRecords _records = new();

    public TrialScheduler(ITrialStoppingRule? rule)
    {
        _rule = rule;
        _metric = rule is null ? _ => null : MetricOf(rule.Metric);
    }

    /// <summary>Reads a metric, by the name a stopping rule or objective uses, from a trial's status.</summary>
    public static Func<TrialStatus, double?> MetricOf(string metric) => metric switch
    {
        "verified_error" => s => s.VerifiedError,
        "clean_error" => s => s.CleanError,
        _ => throw new ArgumentException($"Unknown metric '{metric}'; known: verified_error, clean_error.", nameof(metric)),
    };

    /// <summary>The decision after the epoch <paramref name="report"/> shows; null to continue.</summary>
    public StopDecision? OnReport(TrialStatus report)
    {
        if (_rule is null || report.Epoch == 0 || report.BatchesPerEpoch > 0 || _metric(report) is not { } value)
        {
            return null;
        }

        var record = new EpochRecord(report.Number, report.Epoch, report.Epochs, value, report.Eps, report.EpsMax, report.UpdatedAt);
        return _records.Add(record) ? _rule.Judge(record, _records) : null;
    }
}
