using Certsweep.Grains.Sweeps.Search;

namespace Certsweep.Grains.Tests.Sweeps.Search;

public sealed class ParzenEstimatorTests
{
    [Fact]
    public void Bandwidths_are_the_larger_neighbour_gap_the_inner_gap_at_the_ends_clipped_and_the_prior_spans_the_range()
    {
        // Points 0.1, 0.5 (prior), 0.7 in [0, 1]: 0.1 is the lowest (inner gap 0.4); 0.7 the highest (inner gap 0.2,
        // raised to the least bandwidth 1 / (1 + 3 kernels) = 0.25); the prior gets the range.
        var estimator = new ParzenEstimator(new[] { 0.1, 0.7 }, new[] { 1.0, 1.0 }, 0, 1, 0, priorWeight: 1);
        Assert.Equal(new[] { 0.1, 0.7, 0.5 }, estimator.Mus);
        Assert.Equal(new[] { 0.4, 0.25, 1.0 }, estimator.Sigmas.Select(s => Math.Round(s, 12)));
        Assert.Equal(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }, estimator.Weights);

        // A middle point takes the larger of its two gaps; range ends count as neighbours only for middle points.
        var five = new ParzenEstimator(new[] { 0.0, 0.1, 0.3, 1.0 }, new[] { 1.0, 1.0, 1.0, 2.0 }, 0, 1, 0, priorWeight: 1);
        Assert.Equal(new[] { 0.166667, 0.2, 0.2, 0.5, 1.0 }, five.Sigmas.Select(s => Math.Round(s, 6)));
        Assert.Equal(new[] { 1 / 6.0, 1 / 6.0, 1 / 6.0, 2 / 6.0, 1 / 6.0 }, five.Weights.Select(w => Math.Round(w, 12)), new RoundedComparer());
    }

    [Fact]
    public void Without_observations_the_estimator_is_the_prior_alone()
    {
        var prior = new ParzenEstimator(Array.Empty<double>(), Array.Empty<double>(), -2, 4, 0, priorWeight: 1);
        Assert.Equal(new[] { 1.0 }, prior.Mus);
        Assert.Equal(new[] { 6.0 }, prior.Sigmas);
        Assert.Equal(1.0, Integrate(prior, -2, 4), 1e-6);
    }

    [Fact]
    public void The_density_integrates_to_one_over_the_range_and_an_integer_dimensions_probabilities_sum_to_one()
    {
        var real = new ParzenEstimator(new[] { -9.0, -8.9, -3.0, -6.0 }, TpeSplit.Weights(4), Math.Log(1e-5), Math.Log(1e-1), 0, 1);
        Assert.Equal(1.0, Integrate(real, Math.Log(1e-5), Math.Log(1e-1)), 1e-6);

        var integer = new ParzenEstimator(new[] { 1.0, 2.0, 2.0, 9.0 }, TpeSplit.Weights(4), 1, 10, 1, 1);
        Assert.Equal(1.0, Enumerable.Range(1, 10).Sum(k => Math.Exp(integer.LogPdf(k))), 1e-12);
        Assert.True(integer.LogPdf(2) > integer.LogPdf(5));
    }

    [Fact]
    public void Samples_follow_the_density_and_integers_come_out_whole_and_in_range()
    {
        var estimator = new ParzenEstimator(new[] { 0.2, 0.25 }, new[] { 1.0, 1.0 }, 0, 1, 0, 1);
        var random = new SearchRandom(3, 0);
        var samples = Enumerable.Range(0, 20_000).Select(_ => estimator.Sample(random)).ToList();
        Assert.All(samples, x => Assert.InRange(x, 0, 1));
        Assert.Equal(Integrate(estimator, 0, 0.4), samples.Count(x => x < 0.4) / (double)samples.Count, 0.01);

        var integer = new ParzenEstimator(new[] { 3.0 }, new[] { 1.0 }, 1, 5, 1, 1);
        var counts = new int[6];
        for (var i = 0; i < 20_000; i++)
        {
            var k = integer.Sample(random);
            Assert.Equal(Math.Round(k), k);
            counts[(int)k]++;
        }

        Assert.Equal(0, counts[0]);
        for (var k = 1; k <= 5; k++)
        {
            Assert.Equal(Math.Exp(integer.LogPdf(k)), counts[k] / 20_000.0, 0.015);
        }
    }

    /// <summary>Simpson's rule over 4,000 intervals.</summary>
    private static double Integrate(ParzenEstimator estimator, double low, double high)
    {
        const int n = 4000;
        var h = (high - low) / n;
        var sum = Math.Exp(estimator.LogPdf(low)) + Math.Exp(estimator.LogPdf(high));
        for (var i = 1; i < n; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * Math.Exp(estimator.LogPdf(low + i * h));
        }

        return sum * h / 3;
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
