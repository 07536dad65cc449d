namespace Certsweep.Grains.Sweeps.Search;

/// <summary>
/// How TPE divides the trials into good ("below", modelled by l(x)) and the rest ("above", g(x)), and how it
/// weights them, as Optuna's defaults: the best <c>min(ceil(0.1 n), 25)</c> of the n trials are good; within each
/// group the 25 newest trials weigh 1 and older ones ramp down linearly to 1/n. Pending trials count in n and join
/// the rest (Optuna's "constant liar"), so trials suggested in parallel spread out rather than crowd one point.
/// </summary>
public static class TpeSplit
{
    private const int Flat = 25;

    /// <summary>How many of <paramref name="n"/> trials are good.</summary>
    public static int BelowCount(int n) => Math.Min((int)Math.Ceiling(0.1 * n), Flat);

    /// <summary>Weights for <paramref name="n"/> trials of a group, oldest first.</summary>
    public static IReadOnlyList<double> Weights(int n)
    {
        if (n <= Flat)
        {
            return Enumerable.Repeat(1.0, n).ToArray();
        }

        var ramp = n - Flat;
        var weights = new double[n];
        for (var i = 0; i < ramp; i++)
        {
            weights[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1);
        }

        for (var i = ramp; i < n; i++)
        {
            weights[i] = 1;
        }

        return weights;
    }

    /// <summary>The good and the other points, each oldest first (completed in the given order, then pending).</summary>
    public static (IReadOnlyList<SearchPoint> Below, IReadOnlyList<SearchPoint> Above) Split(
        IReadOnlyList<SearchObservation> completed, IReadOnlyList<SearchPoint> pending)
    {
        var good = Math.Min(BelowCount(completed.Count + pending.Count), completed.Count);
        var best = Enumerable.Range(0, completed.Count).OrderBy(i => completed[i].Objective).Take(good).ToHashSet();
        var below = Enumerable.Range(0, completed.Count).Where(best.Contains).Select(i => completed[i].Point).ToList();
        var above = Enumerable.Range(0, completed.Count).Where(i => !best.Contains(i)).Select(i => completed[i].Point).Concat(pending).ToList();
        return (below, above);
    }
}
