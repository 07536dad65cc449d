namespace Certsweep.Client.Specs;

/// <summary>One value every trial of a sweep shares: the parameter, its value as written, and whether the spec
/// leaves it at its default.</summary>
public sealed record SettingSummary(string Parameter, string Value, bool IsDefault);
