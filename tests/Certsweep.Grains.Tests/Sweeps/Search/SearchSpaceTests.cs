using Certsweep.Grains.Sweeps.Search;

namespace Certsweep.Grains.Tests.Sweeps.Search;

public sealed class SearchSpaceTests
{
    private static readonly SearchSpace Space = new(new SearchDimension[]
    {
        new UniformDimension("x", -1, 1),
        new LogUniformDimension("lr", 1e-4, 1e-1),
        new IntUniformDimension("warmup", 2, 5),
        new CategoricalDimension("model", new[] { "cnn", "resnet" }),
    });

    [Fact]
    public void A_point_holds_a_value_per_dimension_and_is_read_by_name()
    {
        var point = Space.Point(new[] { 0.5, 1e-3, 4, 1 });
        Assert.Equal(0.5, point.Number("x"));
        Assert.Equal(1e-3, point.Number("lr"));
        Assert.Equal(4, point.Number("warmup"));
        Assert.Equal("resnet", point.Choice("model"));
        Assert.Equal("x=0.5, lr=0.001, warmup=4, model=resnet", point.ToString());
        Assert.Equal(point, Space.Point(new[] { 0.5, 1e-3, 4, 1 }));
        Assert.NotEqual(point, Space.Point(new[] { 0.5, 1e-3, 4, 0 }));
        Assert.Throws<ArgumentException>(() => point.Choice("x"));
        Assert.Throws<ArgumentException>(() => point.Number("model"));
        Assert.Throws<ArgumentException>(() => point.Number("depth"));
    }

    [Theory]
    [InlineData(1.5, 1e-3, 4, 1)]
    [InlineData(0.5, 1e-5, 4, 1)]
    [InlineData(0.5, 1e-3, 4.5, 1)]
    [InlineData(0.5, 1e-3, 6, 1)]
    [InlineData(0.5, 1e-3, 4, 2)]
    public void A_coordinate_outside_its_dimension_is_refused(double x, double lr, double warmup, double model) =>
        Assert.Throws<ArgumentException>(() => Space.Point(new[] { x, lr, warmup, model }));

    [Fact]
    public void Spaces_and_dimensions_refuse_what_cannot_be_searched()
    {
        Assert.Throws<ArgumentException>(() => new SearchSpace(Array.Empty<SearchDimension>()));
        Assert.Throws<ArgumentException>(() => new SearchSpace(new SearchDimension[] { new UniformDimension("a", 0, 1), new UniformDimension("a", 0, 2) }));
        Assert.Throws<ArgumentException>(() => new UniformDimension("a", 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogUniformDimension("a", 0, 1));
        Assert.Throws<ArgumentException>(() => new CategoricalDimension("a", new[] { "x", "x" }));
        Assert.Equal(1, new CategoricalDimension("a", new[] { "x", "y" }).IndexOf("y"));
    }

    [Fact]
    public void Random_draws_are_uniform_in_each_dimensions_scale()
    {
        var searcher = new RandomSearcher(Space, seed: 5);
        var pending = new List<SearchPoint>();
        for (var i = 0; i < 8000; i++)
        {
            pending.Add(searcher.Next(Array.Empty<SearchObservation>(), pending));
        }

        Assert.All(pending, p => Space.Point(p.Coordinates));
        Assert.Equal(0.0, pending.Average(p => p.Number("x")), 0.03);

        // Log-uniform: the median is the geometric mean of the bounds.
        var lrs = pending.Select(p => p.Number("lr")).Order().ToList();
        Assert.Equal(Math.Log(Math.Sqrt(1e-4 * 1e-1)), Math.Log(lrs[lrs.Count / 2]), 0.1);

        // Integers: every value equally often, the ends included.
        foreach (var warmup in new[] { 2, 3, 4, 5 })
        {
            Assert.Equal(0.25, pending.Count(p => p.Number("warmup") == warmup) / 8000.0, 0.02);
        }

        Assert.Equal(0.5, pending.Count(p => p.Choice("model") == "cnn") / 8000.0, 0.02);
    }
}
