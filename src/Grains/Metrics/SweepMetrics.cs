using System.Diagnostics.Metrics;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Grains.Metrics;

/// <summary>
/// Per-sweep metrics, exported once: by the silo hosting the sweep's coordinator, which publishes its trial counts
/// and best result whenever it writes its state. A finished sweep's series disappear after
/// <see cref="MetricsOptions.FinishedGrace"/>; a coordinator that deactivates withdraws them (its next activation,
/// wherever it is, publishes again).
/// </summary>
public sealed class SweepMetrics
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SweepFigures> _sweeps = new(StringComparer.Ordinal);
    private readonly TimeSpan _grace;

    public SweepMetrics(IMeterFactory meters, MetricsOptions options)
    {
        _grace = options.FinishedGrace;
        var meter = meters.Create(CertsweepMeters.Cluster);
        meter.CreateObservableGauge("certsweep_sweep_trials", ObserveCounts, null,
            "Trials of the sweep by state: pending, running, completed, failed (after its retries), diverged, cancelled.");
        meter.CreateObservableGauge("certsweep_sweep_best_verified_error_ratio", ObserveBest, "1",
            "Lowest test verified error at full eps of any trial of the sweep so far (the ranking's first); absent until a trial reaches full eps.");
    }

    /// <summary>
    /// The coordinator's latest figures. <paramref name="finished"/> starts the grace period (once). A finished sweep
    /// that was not exported here while it ran (a coordinator reactivated to answer a query later) is not exported
    /// again, so its failures do not raise alerts a second time.
    /// </summary>
    internal void Publish(string sweepId, TrialCounts counts, double? bestVerifiedError, bool finished)
    {
        lock (_gate)
        {
            var known = _sweeps.GetValueOrDefault(sweepId);
            if (finished && known is null)
            {
                return;
            }

            var finishedAt = finished ? known!.FinishedAt ?? DateTimeOffset.UtcNow : (DateTimeOffset?)null;
            _sweeps[sweepId] = new SweepFigures(sweepId, counts, bestVerifiedError, finishedAt);
        }
    }

    internal void Withdraw(string sweepId)
    {
        lock (_gate)
        {
            _sweeps.Remove(sweepId);
        }
    }

    private List<SweepFigures> Live()
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            foreach (var expired in _sweeps.Values.Where(s => s.FinishedAt is { } at && now - at > _grace).ToList())
            {
                _sweeps.Remove(expired.SweepId);
            }

            return _sweeps.Values.ToList();
        }
    }

    private IEnumerable<Measurement<int>> ObserveCounts()
    {
        foreach (var sweep in Live())
        {
            var c = sweep.Counts;
            foreach (var (state, count) in new[]
            {
                (TrialState.Pending, c.Pending), (TrialState.Running, c.Running), (TrialState.Completed, c.Completed),
                (TrialState.Failed, c.Failed), (TrialState.Diverged, c.Diverged), (TrialState.Cancelled, c.Cancelled), (TrialState.Stopped, c.Stopped),
            })
            {
                yield return new Measurement<int>(count, new("sweep", sweep.SweepId), new("state", TrialMetrics.StateName(state)));
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveBest() =>
        Live().Where(s => s.BestVerifiedError is not null)
            .Select(s => new Measurement<double>(s.BestVerifiedError!.Value, new KeyValuePair<string, object?>("sweep", s.SweepId)));

    private sealed record SweepFigures(string SweepId, TrialCounts Counts, double? BestVerifiedError, DateTimeOffset? FinishedAt);
}
