namespace Certsweep.Client.Specs;

/// <summary>One axis: its listed values or its distribution, and how many distinct values the trials use.</summary>
public sealed record AxisSummary(string Axis, IReadOnlyList<string>? Values, string? Distribution, int DistinctInTrials);
