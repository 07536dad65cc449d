using System.Globalization;

namespace Certsweep.Grains.Sweeps.Search;

/// <summary>
/// A numeric dimension, with the scale searchers model it in: <see cref="Low"/>..<see cref="High"/> in that scale
/// (the logarithm for log-uniform dimensions), <see cref="Step"/> 1 for integers and 0 for reals. Random search is
/// uniform in that scale.
/// </summary>
public abstract class NumericDimension : SearchDimension
{
    protected NumericDimension(string name, double min, double max)
        : base(name)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min >= max)
        {
            throw new ArgumentException($"Dimension '{name}' needs finite min < max (got {min}, {max}).");
        }

        Min = min;
        Max = max;
    }

    public double Min { get; }

    public double Max { get; }

    internal abstract double Low { get; }

    internal abstract double High { get; }

    internal abstract double Step { get; }

    internal abstract double ToScale(double value);

    /// <summary>The value at <paramref name="scaled"/>, within <see cref="Min"/>..<see cref="Max"/> (and whole for integers).</summary>
    internal abstract double FromScale(double scaled);

    /// <summary>Uniform in the scale; for integers each value's unit interval around it is equally wide.</summary>
    internal override double Draw(SearchRandom random) => FromScale(Low - Step / 2 + (High - Low + Step) * random.NextDouble());

    internal override bool Holds(double coordinate) => coordinate >= Min && coordinate <= Max;

    internal override string Format(double coordinate) => coordinate.ToString("G6", CultureInfo.InvariantCulture);
}
