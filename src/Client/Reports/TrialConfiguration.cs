using System.Globalization;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Reports;

/// <summary>
/// A point of the sweep's grid without the seed: the trials whose axes differ only in seed share one. Equal when
/// their axes are; the typed values (method, lambda, warmup) come from a trial's whole configuration, which the
/// trials of one point share.
/// </summary>
public sealed class TrialConfiguration : IEquatable<TrialConfiguration>
{
    private readonly TrialConfig _config;

    public TrialConfiguration(ParameterSet axes, TrialConfig config)
    {
        Axes = axes.Without(Parameters.Seed);
        _config = config;
    }

    /// <summary>The values that tell this point apart from the sweep's others (seed left out).</summary>
    public ParameterSet Axes { get; }

    public string Model => _config.GetOr(Parameters.Model, string.Empty);

    public string Method => Parameters.Method.Label(_config.Values);

    /// <summary>Without warmup regularizers: the heatmap's baseline row.</summary>
    public bool IsVanilla => _config.GetOr(Parameters.Regularizers, "none") == "none";

    /// <summary>The regularizer weight; 0 where there are no regularizers.</summary>
    public double Lambda => _config.GetOr(Parameters.Lambda, 0);

    public int WarmupLength => _config.GetOr(Parameters.Warmup, 0);

    public int WarmupStart => _config.GetOr(Parameters.ScheduleStart, 1);

    /// <summary>The target eps the point trains and is certified at.</summary>
    public double Eps => _config.Get(Parameters.Eps);

    /// <summary>The axis values the report's tables have no column of (all but model, method and its components, λ,
    /// warmup and its start), as "name value" joined by commas; empty when there are none.</summary>
    public string OtherAxes => string.Join(", ", BesideModelAndMethod
        .Where(p => p != Parameters.Lambda && p != Parameters.Warmup && p != Parameters.ScheduleStart)
        .Select(e => $"{e.Key.Name} {Echo.Escape(e.Value.Written)}"));

    /// <summary>The axis values but the model, the method and the method's components (which the method names).</summary>
    private ParameterSet BesideModelAndMethod =>
        Axes.Where(p => p != Parameters.Model && p != Parameters.Method && Parameters.Method.JointWith?.Values.Contains(p) != true);

    public string Warmup => WarmupStart == 1
        ? WarmupLength.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{WarmupLength}@{WarmupStart}");

    /// <summary>A short label for legends: the method, then every other axis value but the model and the method's
    /// components, which the method names (lambda as λ=).</summary>
    public string Label
    {
        get
        {
            var others = BesideModelAndMethod
                .Select(e => e.Key == Parameters.Lambda ? $"λ={Echo.Escape(e.Value.Written)}" : $"{e.Key.Name} {Echo.Escape(e.Value.Written)}")
                .ToList();
            return others.Count == 0 ? Method
                : Axes.Contains(Parameters.Lambda) ? $"{Method} {string.Join(", ", others)}"
                : $"{Method}, {string.Join(", ", others)}";
        }
    }

    public bool Equals(TrialConfiguration? other) => other is not null && other.Axes.Equals(Axes);

    public override bool Equals(object? obj) => Equals(obj as TrialConfiguration);

    public override int GetHashCode() => Axes.GetHashCode();

    public override string ToString() => Label;
}
