using Certsweep.Grains.Sweeps.Search;

namespace Certsweep.Grains.Tests.Sweeps.Search;

public sealed class StandardNormalTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(1.999, 0.004698443348629488)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(6.0, 2.1519736712498916e-17)]
    [InlineData(-1.0, 1.842700792949715)]
    public void Erfc_matches_reference_values_to_relative_precision(double x, double expected) =>
        Assert.Equal(expected, StandardNormal.Erfc(x), expected * 1e-12);

    [Fact]
    public void Interval_masses_keep_their_precision_in_the_tails_and_add_up()
    {
        Assert.Equal(0.6826894921370859, StandardNormal.Mass(-1, 1), 1e-13);
        Assert.Equal(1.2791904478284077e-12, StandardNormal.Mass(7, 8), 1e-24);
        Assert.Equal(StandardNormal.Mass(7, 8), StandardNormal.Mass(-8, -7), 1e-24);
        Assert.Equal(StandardNormal.Mass(-3, 0.5), StandardNormal.Mass(-3, 0) + StandardNormal.Mass(0, 0.5), 1e-15);
        Assert.Equal(0.5, StandardNormal.Mass(0, double.PositiveInfinity), 1e-15);
        Assert.Equal(Math.Exp(-0.5) / Math.Sqrt(2 * Math.PI), Math.Exp(StandardNormal.LogDensity(1)), 1e-15);
    }
}
