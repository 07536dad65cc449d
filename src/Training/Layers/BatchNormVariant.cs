namespace Certsweep.Training.Layers;

/// <summary>
/// How every BatchNorm layer of a network normalizes (docs/method.md §7): the statistics it
/// uses (<see cref="Mode"/>) and whether its learned scale and shift apply (<see cref="Affine"/>; without them
/// weight 1 and bias 0 are used, the parameters stay in the state dictionary). The same map serves the clean
/// pass, the interval pass and CROWN, in training and eval mode; running statistics are updated as usual in
/// every variant. Names: <c>full</c>, <c>mean</c>, <c>var</c>, <c>none</c>, each optionally followed by
/// <c>-wo-affine</c>.
/// </summary>
public sealed record BatchNormVariant(BatchNormMode Mode = BatchNormMode.Full, bool Affine = true)
{
    private const string WithoutAffineSuffix = "-wo-affine";

    private static readonly IReadOnlyDictionary<string, BatchNormMode> Modes = new Dictionary<string, BatchNormMode>(StringComparer.Ordinal)
    {
        ["full"] = BatchNormMode.Full,
        ["mean"] = BatchNormMode.Mean,
        ["var"] = BatchNormMode.Variance,
        ["none"] = BatchNormMode.None,
    };

    /// <summary>The standard BatchNorm: batch or running mean and variance, learned scale and shift.</summary>
    public static BatchNormVariant Default { get; } = new();

    public bool UsesMean => Mode is BatchNormMode.Full or BatchNormMode.Mean;

    public bool UsesVariance => Mode is BatchNormMode.Full or BatchNormMode.Variance;

    public static IEnumerable<string> Names =>
        Modes.Keys.Concat(Modes.Keys.Select(mode => mode + WithoutAffineSuffix));

    public static BatchNormVariant Parse(string name)
    {
        var affine = !name.EndsWith(WithoutAffineSuffix, StringComparison.Ordinal);
        var mode = affine ? name : name[..^WithoutAffineSuffix.Length];
        return Modes.TryGetValue(mode, out var parsed)
            ? new BatchNormVariant(parsed, affine)
            : throw new ArgumentException($"Unknown BatchNorm variant '{name}'. Known variants: {string.Join(", ", Names)}.");
    }

    public override string ToString() => Modes.First(m => m.Value == Mode).Key + (Affine ? string.Empty : WithoutAffineSuffix);
}
