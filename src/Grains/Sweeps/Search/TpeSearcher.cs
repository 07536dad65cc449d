namespace Certsweep.Grains.Sweeps.Search;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al. 2011) as Optuna's default sampler: the first
/// <see cref="StartupTrials"/> trials are random (the same points <see cref="RandomSearcher"/> draws for the seed);
/// after that the completed trials are split into good and other (<see cref="TpeSplit"/>), and each dimension on
/// its own gets a density of the good values l(x) and of the others g(x) (<see cref="ParzenEstimator"/>, in log
/// scale for log-uniform dimensions; <see cref="CategoricalParzenEstimator"/> for categorical ones). The value
/// suggested is the one of <see cref="Candidates"/> draws from l(x) with the highest l(x)/g(x), which maximizes
/// the expected improvement. Reproducible: trial <c>i</c> draws from stream <c>i</c> of the seed.
/// </summary>
public sealed class TpeSearcher : ISearcher
{
    private readonly SearchSpace _space;
    private readonly int _seed;

    public TpeSearcher(SearchSpace space, int seed, int startupTrials = 10, int candidates = 24, double priorWeight = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startupTrials);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorWeight);
        _space = space;
        _seed = seed;
        StartupTrials = startupTrials;
        Candidates = candidates;
        PriorWeight = priorWeight;
    }

    /// <summary>Completed trials before TPE takes over from random draws.</summary>
    public int StartupTrials { get; }

    /// <summary>Draws from l(x) per dimension, of which the best l(x)/g(x) is suggested.</summary>
    public int Candidates { get; }

    public double PriorWeight { get; }

    public SearchPoint Next(IReadOnlyList<SearchObservation> completed, IReadOnlyList<SearchPoint> pending)
    {
        var random = new SearchRandom(_seed, completed.Count + pending.Count);
        if (completed.Count < StartupTrials || completed.Count == 0)
        {
            return _space.Draw(random);
        }

        var (below, above) = TpeSplit.Split(completed, pending);
        var belowWeights = TpeSplit.Weights(below.Count);
        var aboveWeights = TpeSplit.Weights(above.Count);
        var coordinates = new double[_space.Dimensions.Count];
        for (var d = 0; d < coordinates.Length; d++)
        {
            coordinates[d] = _space.Dimensions[d] switch
            {
                NumericDimension numeric => SuggestNumber(numeric, d, below, belowWeights, above, aboveWeights, random),
                CategoricalDimension categorical => SuggestChoice(categorical, d, below, belowWeights, above, aboveWeights, random),
                var other => throw new NotSupportedException($"No TPE estimator for {other.GetType().Name}."),
            };
        }

        return new SearchPoint(_space, coordinates);
    }

    private double SuggestNumber(NumericDimension dimension, int d,
        IReadOnlyList<SearchPoint> below, IReadOnlyList<double> belowWeights, IReadOnlyList<SearchPoint> above, IReadOnlyList<double> aboveWeights, SearchRandom random)
    {
        ParzenEstimator Estimator(IReadOnlyList<SearchPoint> points, IReadOnlyList<double> weights) =>
            new(points.Select(p => dimension.ToScale(p.Coordinates[d])).ToList(), weights, dimension.Low, dimension.High, dimension.Step, PriorWeight);

        var good = Estimator(below, belowWeights);
        var bad = Estimator(above, aboveWeights);
        var best = Best(Enumerable.Range(0, Candidates).Select(_ => good.Sample(random)), x => good.LogPdf(x) - bad.LogPdf(x));
        return dimension.FromScale(best);
    }

    private double SuggestChoice(CategoricalDimension dimension, int d,
        IReadOnlyList<SearchPoint> below, IReadOnlyList<double> belowWeights, IReadOnlyList<SearchPoint> above, IReadOnlyList<double> aboveWeights, SearchRandom random)
    {
        CategoricalParzenEstimator Estimator(IReadOnlyList<SearchPoint> points, IReadOnlyList<double> weights) =>
            new(points.Select(p => (int)p.Coordinates[d]).ToList(), weights, dimension.Choices.Count, PriorWeight);

        var good = Estimator(below, belowWeights);
        var bad = Estimator(above, aboveWeights);
        return Best(Enumerable.Range(0, Candidates).Select(_ => (double)good.Sample(random)), c => good.LogPdf((int)c) - bad.LogPdf((int)c));
    }

    /// <summary>The first candidate with the highest score.</summary>
    private static double Best(IEnumerable<double> candidates, Func<double, double> score)
    {
        var list = candidates.ToList();
        var best = list[0];
        var bestScore = score(best);
        foreach (var candidate in list.Skip(1))
        {
            var s = score(candidate);
            if (s > bestScore)
            {
                best = candidate;
                bestScore = s;
            }
        }

        return best;
    }
}
