namespace Certsweep.Client.Reports;

/// <summary>Mean and sample standard deviation (n - 1 in the denominator; none for a single value).</summary>
public sealed record SampleStatistics(int Count, double Mean, double? StandardDeviation)
{
    /// <summary>The statistics of <paramref name="values"/>, or null when there are none.</summary>
    public static SampleStatistics? Of(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return null;
        }

        var mean = list.Average();
        double? deviation = list.Count < 2 ? null : Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
        return new SampleStatistics(list.Count, mean, deviation);
    }
}
