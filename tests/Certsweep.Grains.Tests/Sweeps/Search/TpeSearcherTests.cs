using Certsweep.Grains.Sweeps.Search;
using Xunit.Abstractions;

namespace Certsweep.Grains.Tests.Sweeps.Search;

public sealed class TpeSearcherTests(ITestOutputHelper output)
{
    private const int Seeds = 20;
    private const int Budget = 40;

    /// <summary>A shifted quadratic over a real, a log-uniform real, an integer and a categorical dimension; its
    /// minimum 0 is at x = 1.5, lr = 1e-3, depth = 11, activation = gelu.</summary>
    private static readonly SearchSpace QuadraticSpace = new(new SearchDimension[]
    {
        new UniformDimension("x", -5, 5),
        new LogUniformDimension("lr", 1e-5, 1),
        new IntUniformDimension("depth", 1, 16),
        new CategoricalDimension("activation", new[] { "relu", "tanh", "gelu", "silu" }),
    });

    /// <summary>Branin over a real and a log-uniform real, plus a categorical offset; minimum 0.397887 (at three points,
    /// e.g. a = pi, b = 2.275) with offset "q".</summary>
    private static readonly SearchSpace BraninSpace = new(new SearchDimension[]
    {
        new UniformDimension("a", -5, 10),
        new LogUniformDimension("b", 0.1, 15),
        new CategoricalDimension("offset", new[] { "p", "q", "r" }),
    });

    private static double Quadratic(SearchPoint p)
    {
        var offsets = new Dictionary<string, double> { ["relu"] = 0.5, ["tanh"] = 1.0, ["gelu"] = 0, ["silu"] = 0.8 };
        return 4 * Math.Pow((p.Number("x") - 1.5) / 10, 2) + 4 * Math.Pow((Math.Log10(p.Number("lr")) + 3) / 5, 2)
            + 4 * Math.Pow((p.Number("depth") - 11) / 15, 2) + offsets[p.Choice("activation")];
    }

    private static double Branin(SearchPoint p)
    {
        var (a, b) = (p.Number("a"), p.Number("b"));
        var offsets = new Dictionary<string, double> { ["p"] = 2, ["q"] = 0, ["r"] = 5 };
        var inner = b - 5.1 / (4 * Math.PI * Math.PI) * a * a + 5 / Math.PI * a - 6;
        return inner * inner + 10 * (1 - 1 / (8 * Math.PI)) * Math.Cos(a) + 10 + offsets[p.Choice("offset")];
    }

    /// <summary>The lowest objective found in <paramref name="budget"/> sequential trials.</summary>
    private static double BestFound(ISearcher searcher, Func<SearchPoint, double> objective, int budget)
    {
        var completed = new List<SearchObservation>();
        for (var i = 0; i < budget; i++)
        {
            var point = searcher.Next(completed, Array.Empty<SearchPoint>());
            completed.Add(new SearchObservation(point, objective(point)));
        }

        return completed.Min(o => o.Objective);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    [Theory]
    [InlineData("quadratic")]
    [InlineData("branin")]
    public void Over_20_seeds_tpes_median_best_after_40_trials_beats_random_searchs(string name)
    {
        var (space, objective, optimum) = name == "quadratic"
            ? (QuadraticSpace, (Func<SearchPoint, double>)Quadratic, 0.0)
            : (BraninSpace, Branin, 0.397887);
        var tpe = Enumerable.Range(0, Seeds).Select(seed => BestFound(new TpeSearcher(space, seed), objective, Budget)).ToList();
        var random = Enumerable.Range(0, Seeds).Select(seed => BestFound(new RandomSearcher(space, seed), objective, Budget)).ToList();

        output.WriteLine($"{name}: median best found minus optimum after {Budget} trials: TPE {Median(tpe) - optimum:0.0000}, random {Median(random) - optimum:0.0000}");
        Assert.All(tpe.Concat(random), best => Assert.True(best >= optimum - 1e-6));
        Assert.True(Median(tpe) < Median(random), $"TPE {Median(tpe)} vs random {Median(random)}");
    }

    [Fact]
    public void The_startup_trials_are_random_searchs_points_and_then_tpe_answers_the_same_for_the_same_seed_and_history()
    {
        var tpe = new TpeSearcher(QuadraticSpace, seed: 4, startupTrials: 5);
        var random = new RandomSearcher(QuadraticSpace, seed: 4);
        var completed = new List<SearchObservation>();
        for (var i = 0; i < 5; i++)
        {
            var point = tpe.Next(completed, Array.Empty<SearchPoint>());
            Assert.Equal(random.Next(completed, Array.Empty<SearchPoint>()), point);
            completed.Add(new SearchObservation(point, Quadratic(point)));
        }

        var pending = new[] { QuadraticSpace.Point(new[] { 0.0, 0.01, 3, 0 }) };
        var next = tpe.Next(completed, pending);
        Assert.NotEqual(random.Next(completed, pending), next);
        Assert.Equal(next, new TpeSearcher(QuadraticSpace, seed: 4, startupTrials: 5).Next(completed, pending));
        Assert.NotEqual(next, new TpeSearcher(QuadraticSpace, seed: 5, startupTrials: 5).Next(completed, pending));
        QuadraticSpace.Point(next.Coordinates);
    }

    [Fact]
    public void Once_the_good_trials_agree_tpe_suggests_values_near_them()
    {
        // Ten trials; the one with x = 0.9 and activation tanh is by far the best.
        var space = new SearchSpace(new SearchDimension[] { new UniformDimension("x", 0, 1), new CategoricalDimension("activation", new[] { "relu", "tanh", "gelu" }) });
        var completed = Enumerable.Range(0, 10)
            .Select(i => new SearchObservation(space.Point(new[] { i / 10.0, i == 9 ? 1 : i % 3 == 1 ? 0 : i % 3 }), i == 9 ? 0 : 1))
            .ToList();
        var suggestions = Enumerable.Range(0, 20).Select(seed => new TpeSearcher(space, seed, startupTrials: 10).Next(completed, Array.Empty<SearchPoint>())).ToList();

        Assert.InRange(suggestions.Count(p => p.Number("x") > 0.7), 15, 20);
        Assert.InRange(suggestions.Count(p => p.Choice("activation") == "tanh"), 15, 20);
    }
}
