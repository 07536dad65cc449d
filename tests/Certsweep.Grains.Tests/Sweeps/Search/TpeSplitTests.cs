using Certsweep.Grains.Sweeps.Search;

namespace Certsweep.Grains.Tests.Sweeps.Search;

public sealed class TpeSplitTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(100, 10)]
    [InlineData(251, 25)]
    [InlineData(1000, 25)]
    public void The_best_tenth_rounded_up_and_at_most_25_are_good(int n, int good) => Assert.Equal(good, TpeSplit.BelowCount(n));

    [Fact]
    public void The_newest_25_weigh_one_and_older_ones_ramp_up_from_one_over_n()
    {
        Assert.Empty(TpeSplit.Weights(0));
        Assert.Equal(Enumerable.Repeat(1.0, 25), TpeSplit.Weights(25));
        Assert.Equal(new[] { 1 / 26.0 }.Concat(Enumerable.Repeat(1.0, 25)), TpeSplit.Weights(26));

        var weights = TpeSplit.Weights(30);
        Assert.Equal(new[] { 1 / 30.0, 1 / 30.0 + 29 / 30.0 / 4, 1 / 30.0 + 2 * 29 / 30.0 / 4, 1 / 30.0 + 3 * 29 / 30.0 / 4, 1.0 },
            weights.Take(5), new Tolerance());
        Assert.All(weights.Skip(5), w => Assert.Equal(1.0, w));
    }

    [Fact]
    public void The_best_completed_trials_are_good_and_pending_ones_join_the_rest_each_in_trial_order()
    {
        var space = new SearchSpace(new SearchDimension[] { new UniformDimension("x", 0, 1) });
        var points = Enumerable.Range(0, 14).Select(i => space.Point(new[] { i / 20.0 })).ToList();
        var objectives = new[] { 5.0, 0.3, 4, 4, 4, 4, 4, 4, 4, 4, 0.2 };
        var completed = objectives.Select((o, i) => new SearchObservation(points[i], o)).ToList();

        // 11 completed + 3 pending = 14 trials: the best 2 are good.
        var (below, above) = TpeSplit.Split(completed, points.Skip(11).ToList());
        Assert.Equal(new[] { points[1], points[10] }, below);
        Assert.Equal(points.Where((_, i) => i != 1 && i != 10), above);
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
