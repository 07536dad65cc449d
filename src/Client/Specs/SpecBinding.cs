using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Client.Specs;

/// <summary>What <see cref="SweepSpecBinder"/> made of a tree: the spec (defaults where a field was missing or
/// wrong), the problems found, and where every field path sits in the file.</summary>
public sealed record SpecBinding(SweepSpec Spec, IReadOnlyList<SpecProblem> Problems, IReadOnlyDictionary<string, SourcePosition> Positions)
{
    /// <summary>Whether the file itself gives <paramref name="field"/> (a list item also counts when the list was
    /// written as a single value); otherwise its value is a default.</summary>
    public bool IsWritten(string field) =>
        Positions.ContainsKey(field) || (field.EndsWith(']') && SpecPath.Parent(field) is { } list && Positions.ContainsKey(list));

    /// <summary>Where <paramref name="field"/> is written, or its nearest enclosing field that is (below the root);
    /// null when neither is in the file.</summary>
    public SourcePosition? PositionOf(string field)
    {
        for (string? path = field; path is { Length: > 0 }; path = SpecPath.Parent(path))
        {
            if (Positions.TryGetValue(path, out var position))
            {
                return position;
            }
        }

        return null;
    }
}
