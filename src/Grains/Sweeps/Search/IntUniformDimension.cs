namespace Certsweep.Grains.Sweeps.Search;

/// <summary>An integer uniform over min..max.</summary>
public sealed class IntUniformDimension(string name, int min, int max) : NumericDimension(name, min, max)
{
    internal override double Low => Min;

    internal override double High => Max;

    internal override double Step => 1;

    internal override double ToScale(double value) => value;

    internal override double FromScale(double scaled) => Math.Clamp(Math.Round(scaled, MidpointRounding.AwayFromZero), Min, Max);

    internal override bool Holds(double coordinate) => base.Holds(coordinate) && coordinate == Math.Round(coordinate);
}
