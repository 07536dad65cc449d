namespace Certsweep.Grains.Sweeps.Search;

/// <summary>
/// One axis of a search space. A point holds one coordinate per dimension: the value itself for numeric
/// dimensions, the choice's index for a categorical one.
/// </summary>
public abstract class SearchDimension
{
    protected SearchDimension(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>A coordinate drawn from the dimension's own distribution (what random search does).</summary>
    internal abstract double Draw(SearchRandom random);

    /// <summary>True when <paramref name="coordinate"/> is a value of this dimension.</summary>
    internal abstract bool Holds(double coordinate);

    internal abstract string Format(double coordinate);
}
