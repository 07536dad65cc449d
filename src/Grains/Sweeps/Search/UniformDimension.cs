namespace Certsweep.Grains.Sweeps.Search;

/// <summary>A real number uniform in [min, max].</summary>
public sealed class UniformDimension(string name, double min, double max) : NumericDimension(name, min, max)
{
    internal override double Low => Min;

    internal override double High => Max;

    internal override double Step => 0;

    internal override double ToScale(double value) => value;

    internal override double FromScale(double scaled) => Math.Clamp(scaled, Min, Max);
}
