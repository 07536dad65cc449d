using System.Globalization;

namespace Certsweep.Grains.Sweeps.Scheduling;

/// <summary>
/// The median stopping rule (Golovin et al. 2017, as in Google Vizier): from epoch <c>min_epochs</c> on, a trial
/// stops when its best value so far is worse than the median of the other trials' values at the same epoch,
/// among those that reached that epoch before it; at least <see cref="MinRivals"/> of them must have. The eps rule
/// (<see cref="FullEpsRule"/>) decides which records take part: a trial is judged only at full eps and past its
/// grace, its best is taken over its counted epochs, and the others' values are counted records at the same eps.
/// A trial's last epoch is not judged (it ends anyway).
/// </summary>
public sealed class MedianStoppingRule : ITrialStoppingRule
{
    private readonly FullEpsRule _eps;

    public MedianStoppingRule(string metric, int minEpochs, int grace, int minRivals = 3)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        ArgumentOutOfRangeException.ThrowIfLessThan(minEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minRivals, 1);
        Metric = metric;
        MinEpochs = minEpochs;
        MinRivals = minRivals;
        _eps = new FullEpsRule(grace);
    }

    public string Metric { get; }

    /// <summary>The first epoch at which a trial can be stopped.</summary>
    public int MinEpochs { get; }

    /// <summary>The fewest other trials' values at an epoch that make a median to judge by.</summary>
    public int MinRivals { get; }

    public StopDecision? Judge(EpochRecord record, EpochRecords records)
    {
        if (record.Epoch < MinEpochs || record.Epoch >= record.Epochs || !_eps.Counts(record, records))
        {
            return null;
        }

        var rivals = _eps.Rivals(record, records);
        if (rivals.Count < MinRivals)
        {
            return null;
        }

        var best = records.OfTrial(record.Trial)
            .Where(r => r.Epoch <= record.Epoch && r.AtSameEps(record) && _eps.Counts(r, records))
            .Min(r => r.Value);
        var median = Median(rivals.Select(r => r.Value));
        if (best <= median)
        {
            return null;
        }

        return new StopDecision(record.Epoch, null, string.Create(CultureInfo.InvariantCulture,
            $"median rule (epoch {record.Epoch}): best {Metric} {best:0.####} at full eps is worse than the median {median:0.####} of {rivals.Count} other trials there"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
