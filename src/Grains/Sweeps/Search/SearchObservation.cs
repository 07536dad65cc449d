namespace Certsweep.Grains.Sweeps.Search;

/// <summary>A finished trial as a searcher sees it: its point and its objective (lower is better).</summary>
public sealed record SearchObservation(SearchPoint Point, double Objective);
