using System.Globalization;
using Certsweep.Contracts;

namespace Certsweep.Client.Reports;

/// <summary>A point of the sweep's grid without the seed: the trials that differ only in seed share one.</summary>
public sealed record TrialConfiguration(string Model, MethodKind Method, double Lambda, int WarmupLength, int WarmupStart)
{
    public string MethodName => Method.ToString().ToLowerInvariant();

    public string Warmup => WarmupStart == 1
        ? WarmupLength.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{WarmupLength}@{WarmupStart}");

    /// <summary>A short label for legends: method, lambda (fast only) and warmup.</summary>
    public string Label => Method == MethodKind.Vanilla
        ? $"vanilla, warmup {Warmup}"
        : string.Create(CultureInfo.InvariantCulture, $"fast λ={Lambda}, warmup {Warmup}");
}
