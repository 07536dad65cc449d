namespace Certsweep.Grains.Sweeps.Search;

/// <summary>
/// TPE's distribution over one categorical dimension: smoothed counts. Each observation is a kernel that puts
/// weight 1 + p/K on its own choice and p/K on every choice (p the prior weight, K the number of kernels,
/// observations plus a prior), normalized; the prior kernel is uniform. The kernels mix with the same weights as
/// the numeric estimator's.
/// </summary>
public sealed class CategoricalParzenEstimator
{
    /// <param name="observations">Observed choices (indices), oldest first.</param>
    /// <param name="observationWeights">One weight per observation (<see cref="TpeSplit.Weights"/>).</param>
    /// <param name="choices">How many choices the dimension has.</param>
    /// <param name="priorWeight">The prior kernel's weight, against each observation's.</param>
    public CategoricalParzenEstimator(IReadOnlyList<int> observations, IReadOnlyList<double> observationWeights, int choices, double priorWeight)
    {
        if (observations.Count != observationWeights.Count)
        {
            throw new ArgumentException("One weight per observation.", nameof(observationWeights));
        }

        var kernels = observations.Count + 1;
        var smoothing = priorWeight / kernels;
        var total = observationWeights.Sum() + priorWeight;
        var probabilities = Enumerable.Repeat(priorWeight / total / choices, choices).ToArray();
        for (var i = 0; i < observations.Count; i++)
        {
            var weight = observationWeights[i] / total;
            var norm = 1 + smoothing * choices;
            for (var c = 0; c < choices; c++)
            {
                probabilities[c] += weight * ((c == observations[i] ? 1 : 0) + smoothing) / norm;
            }
        }

        Probabilities = probabilities;
    }

    /// <summary>Each choice's probability (summing to 1).</summary>
    public IReadOnlyList<double> Probabilities { get; }

    public double LogPdf(int choice) => Math.Log(Probabilities[choice]);

    public int Sample(SearchRandom random)
    {
        var u = random.NextDouble();
        var choice = 0;
        var cumulative = Probabilities[0];
        while (u >= cumulative && choice < Probabilities.Count - 1)
        {
            choice++;
            cumulative += Probabilities[choice];
        }

        return choice;
    }
}
