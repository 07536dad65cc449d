namespace Certsweep.Training.Bounds;

/// <summary>
/// How margin lower bounds are computed (docs/method.md §8): interval bound propagation;
/// CROWN-IBP (interval bounds for every ReLU input, CROWN backward for the margins); full CROWN (every ReLU
/// input bounded by CROWN itself, layer by layer). Command-line names: <c>ibp</c>, <c>crown-ibp</c>, <c>crown</c>.
/// </summary>
public enum BoundKind
{
    Ibp,
    CrownIbp,
    Crown,
}

public static class BoundKinds
{
    private static readonly IReadOnlyDictionary<string, BoundKind> ByName = new Dictionary<string, BoundKind>(StringComparer.Ordinal)
    {
        ["ibp"] = BoundKind.Ibp,
        ["crown-ibp"] = BoundKind.CrownIbp,
        ["crown"] = BoundKind.Crown,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static BoundKind Parse(string name) =>
        ByName.TryGetValue(name, out var kind)
            ? kind
            : throw new ArgumentException($"Unknown bound '{name}'. Known bounds: {string.Join(", ", Names)}.");

    public static string Name(this BoundKind kind) => ByName.First(entry => entry.Value == kind).Key;
}
