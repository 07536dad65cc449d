namespace Certsweep.Grains.Sweeps.Search;

/// <summary>
/// TPE's density over one numeric dimension, in the dimension's scale (the logarithm for log-uniform dimensions): a
/// weighted mixture of normal kernels truncated to the range, one per observation plus a prior kernel (mean at the
/// range's middle, standard deviation the whole range). An observation's bandwidth is the larger gap to its
/// neighbours among the observations, the prior mean and the range's ends; the lowest and highest points use the
/// gap to their inner neighbour only. Bandwidths are clipped to [range / min(100, 1 + kernels), range]. Integer
/// dimensions (step 1) widen the range by half a step on each side, and a value's density is the mass of its unit
/// interval. These are the choices of Optuna's default TPE sampler (univariate, with prior and magic clip).
/// </summary>
public sealed class ParzenEstimator
{
    private readonly double _low;
    private readonly double _high;
    private readonly double _step;
    private readonly double[] _logWeights;
    private readonly double[] _logNormalizers;

    /// <param name="observations">Observed values in the dimension's scale, oldest first.</param>
    /// <param name="observationWeights">One weight per observation (<see cref="TpeSplit.Weights"/>).</param>
    /// <param name="low">The range in the dimension's scale.</param>
    /// <param name="high">The range in the dimension's scale.</param>
    /// <param name="step">1 for integers, 0 for reals.</param>
    /// <param name="priorWeight">The prior kernel's weight, against each observation's.</param>
    public ParzenEstimator(IReadOnlyList<double> observations, IReadOnlyList<double> observationWeights, double low, double high, double step, double priorWeight)
    {
        if (observations.Count != observationWeights.Count)
        {
            throw new ArgumentException("One weight per observation.", nameof(observationWeights));
        }

        _low = low - step / 2;
        _high = high + step / 2;
        _step = step;
        var range = _high - _low;
        var prior = (low + high) / 2;
        var mus = observations.Append(prior).ToArray();
        var minSigma = range / Math.Min(100.0, 1.0 + mus.Length);
        var sigmas = Bandwidths(observations, prior).Select(s => Math.Clamp(s, minSigma, range)).Append(range).ToArray();
        var weights = observationWeights.Append(priorWeight).ToArray();
        var total = weights.Sum();

        Mus = mus;
        Sigmas = sigmas;
        Weights = weights.Select(w => w / total).ToArray();
        _logWeights = Weights.Select(w => Math.Log(w)).ToArray();
        _logNormalizers = mus.Select((mu, k) => Math.Log(StandardNormal.Mass((_low - mu) / sigmas[k], (_high - mu) / sigmas[k]))).ToArray();
    }

    /// <summary>The kernels' means: the observations, then the prior's.</summary>
    public IReadOnlyList<double> Mus { get; }

    /// <summary>The kernels' bandwidths, the prior's last.</summary>
    public IReadOnlyList<double> Sigmas { get; }

    /// <summary>The kernels' mixture weights (summing to 1), the prior's last.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The log density at <paramref name="x"/> (in the scale); for integers the log probability of the value.</summary>
    public double LogPdf(double x)
    {
        var terms = new double[Mus.Count];
        for (var k = 0; k < terms.Length; k++)
        {
            var mu = Mus[k];
            var sigma = Sigmas[k];
            var log = _step > 0
                ? Math.Log(StandardNormal.Mass((x - _step / 2 - mu) / sigma, (x + _step / 2 - mu) / sigma))
                : StandardNormal.LogDensity((x - mu) / sigma) - Math.Log(sigma);
            terms[k] = _logWeights[k] + log - _logNormalizers[k];
        }

        return LogSumExp(terms);
    }

    /// <summary>A value drawn from the mixture (in the scale); integers are rounded to the nearest value in range.</summary>
    public double Sample(SearchRandom random)
    {
        var u = random.NextDouble();
        var k = 0;
        var cumulative = Weights[0];
        while (u >= cumulative && k < Weights.Count - 1)
        {
            k++;
            cumulative += Weights[k];
        }

        // Every kernel's mean lies in the range and its bandwidth is at most the range, so at least a third of its
        // mass is inside: rejection ends quickly.
        double x;
        do
        {
            x = Mus[k] + Sigmas[k] * random.NextGaussian();
        }
        while (x < _low || x >= _high);

        return _step > 0 ? Math.Clamp(Math.Round(x, MidpointRounding.AwayFromZero), _low + _step / 2, _high - _step / 2) : x;
    }

    /// <summary>Each observation's bandwidth before clipping, from its neighbours among all points and the range's ends.</summary>
    private double[] Bandwidths(IReadOnlyList<double> observations, double prior)
    {
        var points = observations.Append(prior).ToArray();
        var order = Enumerable.Range(0, points.Length).OrderBy(i => points[i]).ToArray();
        var sorted = new double[points.Length + 2];
        sorted[0] = _low;
        sorted[^1] = _high;
        for (var i = 0; i < order.Length; i++)
        {
            sorted[i + 1] = points[order[i]];
        }

        var bySorted = new double[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            bySorted[i] = Math.Max(sorted[i + 1] - sorted[i], sorted[i + 2] - sorted[i + 1]);
        }

        if (points.Length >= 2)
        {
            bySorted[0] = sorted[2] - sorted[1];
            bySorted[^1] = sorted[^2] - sorted[^3];
        }

        var sigmas = new double[observations.Count];
        for (var i = 0; i < order.Length; i++)
        {
            if (order[i] < observations.Count)
            {
                sigmas[order[i]] = bySorted[i];
            }
        }

        return sigmas;
    }

    private static double LogSumExp(double[] terms)
    {
        var max = terms.Max();
        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var t in terms)
        {
            sum += Math.Exp(t - max);
        }

        return max + Math.Log(sum);
    }
}
