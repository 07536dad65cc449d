namespace Certsweep.Grains.Sweeps.Search;

/// <summary>The dimensions a searcher chooses values for; names are distinct.</summary>
public sealed class SearchSpace
{
    public SearchSpace(IReadOnlyList<SearchDimension> dimensions)
    {
        if (dimensions.Count == 0)
        {
            throw new ArgumentException("A search space needs at least one dimension.", nameof(dimensions));
        }

        if (dimensions.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != dimensions.Count)
        {
            throw new ArgumentException("Dimension names must be distinct.", nameof(dimensions));
        }

        Dimensions = dimensions.ToList();
    }

    public IReadOnlyList<SearchDimension> Dimensions { get; }

    /// <summary>The position of dimension <paramref name="name"/>.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Dimensions.Count; i++)
        {
            if (string.Equals(Dimensions[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"The search space has no dimension '{name}'.", nameof(name));
    }

    /// <summary>The point with these coordinates (one per dimension: the value, or a categorical choice's index).</summary>
    public SearchPoint Point(IReadOnlyList<double> coordinates)
    {
        if (coordinates.Count != Dimensions.Count)
        {
            throw new ArgumentException($"A point of this space has {Dimensions.Count} coordinates, not {coordinates.Count}.", nameof(coordinates));
        }

        for (var i = 0; i < Dimensions.Count; i++)
        {
            if (!Dimensions[i].Holds(coordinates[i]))
            {
                throw new ArgumentException($"{coordinates[i]} is not a value of dimension '{Dimensions[i].Name}'.", nameof(coordinates));
            }
        }

        return new SearchPoint(this, coordinates.ToArray());
    }

    /// <summary>A point with every coordinate drawn from its dimension's own distribution.</summary>
    internal SearchPoint Draw(SearchRandom random) => new(this, Dimensions.Select(d => d.Draw(random)).ToArray());
}
