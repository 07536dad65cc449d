using System.Globalization;

namespace Certsweep.Grains.Sweeps.Scheduling;

/// <summary>
/// Asynchronous successive halving (ASHA, Li et al. 2020) as a stopping rule. Rungs sit at epochs
/// <c>min_epochs * reduction_factor^k</c> below a trial's last epoch. When a trial reports a rung's epoch it is
/// compared with the trials that reached that rung before it (no waiting for a full rung): it continues when it is
/// among the best <c>max(1, floor(n / reduction_factor))</c> of the <c>n</c> records there (its own included; ties
/// count in its favour), and stops otherwise. So the first trial at a rung always continues, and of the first few
/// only the best does. The eps rule (<see cref="FullEpsRule"/>) decides which records take part: a trial is judged
/// at a rung only at full eps and past its grace, against other trials at the same epoch and the same eps.
/// </summary>
public sealed class AshaScheduler : ITrialStoppingRule
{
    private readonly FullEpsRule _eps;

    public AshaScheduler(string metric, int reductionFactor, int minEpochs, int grace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minEpochs, 1);
        Metric = metric;
        ReductionFactor = reductionFactor;
        MinEpochs = minEpochs;
        _eps = new FullEpsRule(grace);
    }

    public string Metric { get; }

    public int ReductionFactor { get; }

    /// <summary>The first rung's epoch.</summary>
    public int MinEpochs { get; }

    /// <summary>The epochs of the rungs of a trial of <paramref name="epochs"/> epochs (rung 1 first).</summary>
    public IReadOnlyList<int> Rungs(int epochs)
    {
        var rungs = new List<int>();
        for (long epoch = MinEpochs; epoch < epochs; epoch *= ReductionFactor)
        {
            rungs.Add((int)epoch);
        }

        return rungs;
    }

    public StopDecision? Judge(EpochRecord record, EpochRecords records)
    {
        var rung = RungAt(record.Epoch, record.Epochs);
        if (rung is null || !_eps.Counts(record, records))
        {
            return null;
        }

        var rivals = _eps.Rivals(record, records);
        var n = rivals.Count + 1;
        var kept = Math.Max(1, n / ReductionFactor);
        var place = 1 + rivals.Count(r => r.Value < record.Value);
        if (place <= kept)
        {
            return null;
        }

        return new StopDecision(record.Epoch, rung, string.Create(CultureInfo.InvariantCulture,
            $"ASHA rung {rung} (epoch {record.Epoch}): {Metric} {record.Value:0.####} at full eps placed {place} of {n}; the best {kept} continue"));
    }

    /// <summary>The rung (from 1) at <paramref name="epoch"/>; null when no rung is there.</summary>
    private int? RungAt(int epoch, int epochs)
    {
        var rung = 1;
        foreach (var at in Rungs(epochs))
        {
            if (at == epoch)
            {
                return rung;
            }

            rung++;
        }

        return null;
    }
}
