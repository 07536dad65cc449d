namespace Certsweep.Contracts.Sweeps;

/// <summary>A distribution a random search samples an axis from, over <c>[Min, Max]</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record Distribution(
    [property: Id(0)] DistributionKind Kind,
    [property: Id(1)] double Min,
    [property: Id(2)] double Max);

public enum DistributionKind
{
    /// <summary>Uniform in [min, max].</summary>
    Uniform,

    /// <summary>Log-uniform in [min, max] (min > 0).</summary>
    LogUniform,

    /// <summary>Uniform over the integers min..max.</summary>
    IntUniform,
}
