namespace Certsweep.Contracts.Sweeps;

/// <summary>Grid search (every combination of the listed axis values) or random search (<see cref="Trials"/>
/// draws, reproducible from <see cref="Seed"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record SearchSpec
{
    [Id(0)] public SearchKind Kind { get; init; } = SearchKind.Grid;

    [Id(1)] public int? Trials { get; init; }

    [Id(2)] public int Seed { get; init; }
}

public enum SearchKind
{
    Grid,
    Random,
}
