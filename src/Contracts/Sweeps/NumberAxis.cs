namespace Certsweep.Contracts.Sweeps;

/// <summary>A numeric axis: either listed values or (random search only) a distribution.</summary>
[GenerateSerializer, Immutable]
public sealed record NumberAxis
{
    [Id(0)] public IReadOnlyList<double>? Values { get; init; }

    [Id(1)] public Distribution? Distribution { get; init; }

    public static NumberAxis Of(params double[] values) => new() { Values = values };
}
