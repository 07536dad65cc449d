using Certsweep.Grains.Sweeps.Search;

namespace Certsweep.Grains.Tests.Sweeps.Search;

public sealed class CategoricalParzenEstimatorTests
{
    [Fact]
    public void Choices_get_smoothed_counts_mixed_with_a_uniform_prior()
    {
        // Observations a, a, b of {a, b, c}: four kernels of weight 1/4; an observation's kernel puts 1.25 on its own
        // choice and 0.25 elsewhere (of 1.75), the prior 1/3 everywhere. a: 10/21, b: 7/21, c: 4/21.
        var estimator = new CategoricalParzenEstimator(new[] { 0, 0, 1 }, new[] { 1.0, 1.0, 1.0 }, 3, priorWeight: 1);
        Assert.Equal(10 / 21.0, estimator.Probabilities[0], 1e-12);
        Assert.Equal(7 / 21.0, estimator.Probabilities[1], 1e-12);
        Assert.Equal(4 / 21.0, estimator.Probabilities[2], 1e-12);
        Assert.Equal(Math.Log(4 / 21.0), estimator.LogPdf(2), 1e-12);

        var prior = new CategoricalParzenEstimator(Array.Empty<int>(), Array.Empty<double>(), 4, priorWeight: 1);
        Assert.All(prior.Probabilities, p => Assert.Equal(0.25, p, 1e-12));
    }

    [Fact]
    public void Samples_follow_the_probabilities()
    {
        var estimator = new CategoricalParzenEstimator(new[] { 2, 2, 2, 0 }, new[] { 1.0, 1.0, 1.0, 1.0 }, 3, priorWeight: 1);
        var random = new SearchRandom(11, 0);
        var counts = new int[3];
        for (var i = 0; i < 30_000; i++)
        {
            counts[estimator.Sample(random)]++;
        }

        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(estimator.Probabilities[c], counts[c] / 30_000.0, 0.015);
        }
    }
}
