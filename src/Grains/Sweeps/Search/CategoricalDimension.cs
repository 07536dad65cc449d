namespace Certsweep.Grains.Sweeps.Search;

/// <summary>One of a list of strings, each equally likely under random search; a point holds the choice's index.</summary>
public sealed class CategoricalDimension : SearchDimension
{
    public CategoricalDimension(string name, IReadOnlyList<string> choices)
        : base(name)
    {
        if (choices.Count == 0 || choices.Distinct(StringComparer.Ordinal).Count() != choices.Count)
        {
            throw new ArgumentException($"Dimension '{name}' needs distinct choices, at least one.", nameof(choices));
        }

        Choices = choices.ToList();
    }

    public IReadOnlyList<string> Choices { get; }

    /// <summary>The index of <paramref name="choice"/>, the coordinate a point holds for it.</summary>
    public int IndexOf(string choice)
    {
        for (var i = 0; i < Choices.Count; i++)
        {
            if (string.Equals(Choices[i], choice, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"'{choice}' is not a choice of dimension '{Name}'.", nameof(choice));
    }

    internal override double Draw(SearchRandom random) => random.NextInt(Choices.Count);

    internal override bool Holds(double coordinate) => coordinate >= 0 && coordinate < Choices.Count && coordinate == Math.Round(coordinate);

    internal override string Format(double coordinate) => Choices[(int)coordinate];
}
