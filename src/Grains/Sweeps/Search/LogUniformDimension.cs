namespace Certsweep.Grains.Sweeps.Search;

/// <summary>A real number log-uniform in [min, max] (min &gt; 0): searchers model its logarithm.</summary>
public sealed class LogUniformDimension : NumericDimension
{
    public LogUniformDimension(string name, double min, double max)
        : base(name, min, max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(min);
    }

    internal override double Low => Math.Log(Min);

    internal override double High => Math.Log(Max);

    internal override double Step => 0;

    internal override double ToScale(double value) => Math.Log(value);

    internal override double FromScale(double scaled) => Math.Clamp(Math.Exp(scaled), Min, Max);
}
