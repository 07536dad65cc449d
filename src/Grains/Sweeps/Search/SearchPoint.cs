namespace Certsweep.Grains.Sweeps.Search;

/// <summary>One value per dimension of a <see cref="SearchSpace"/>. Equal when the space and every coordinate are.</summary>
public sealed class SearchPoint : IEquatable<SearchPoint>
{
    private readonly double[] _coordinates;

    internal SearchPoint(SearchSpace space, double[] coordinates)
    {
        Space = space;
        _coordinates = coordinates;
    }

    public SearchSpace Space { get; }

    /// <summary>The coordinates in dimension order: numeric values, and categorical choices' indices.</summary>
    public IReadOnlyList<double> Coordinates => _coordinates;

    /// <summary>The value of numeric dimension <paramref name="name"/>.</summary>
    public double Number(string name) => Space.Dimensions[Space.IndexOf(name)] is NumericDimension
        ? _coordinates[Space.IndexOf(name)]
        : throw new ArgumentException($"Dimension '{name}' is not numeric.", nameof(name));

    /// <summary>The choice of categorical dimension <paramref name="name"/>.</summary>
    public string Choice(string name) => Space.Dimensions[Space.IndexOf(name)] is CategoricalDimension categorical
        ? categorical.Choices[(int)_coordinates[Space.IndexOf(name)]]
        : throw new ArgumentException($"Dimension '{name}' is not categorical.", nameof(name));

    public bool Equals(SearchPoint? other) =>
        other is not null && ReferenceEquals(Space, other.Space) && _coordinates.AsSpan().SequenceEqual(other._coordinates);

    public override bool Equals(object? obj) => obj is SearchPoint other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in _coordinates)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join(", ", Space.Dimensions.Select((d, i) => $"{d.Name}={d.Format(_coordinates[i])}"));
}
