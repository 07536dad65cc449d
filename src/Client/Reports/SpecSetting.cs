namespace Certsweep.Client.Reports;

/// <summary>One line of the sweep's spec summary, e.g. <c>eps</c> = <c>0.1</c>.</summary>
public sealed record SpecSetting(string Name, string Value);
