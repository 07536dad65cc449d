using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters;

/// <summary>
/// Everything one trial trains with: a value for every trial parameter that applies to it (defaults filled in,
/// parameters that do not apply left out, so trials that differ only there are equal). Made by
/// <see cref="Resolve"/>; checked by <see cref="Rules.TrialRules"/> wherever a trial is checked (client,
/// coordinator, trainer).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.TrialConfigJsonConverter))]
public sealed class TrialConfig : IEquatable<TrialConfig>
{
    private TrialConfig(ParameterSet values) => Values = values;

    public ParameterSet Values { get; }

    public T Get<T>(Parameter<T> parameter) => Values.Get(parameter);

    public T GetOr<T>(Parameter<T> parameter, T absent) => Values.GetOr(parameter, absent);

    /// <summary>The trial that <paramref name="chosen"/> (a spec's fixed values with one value of each axis) describes:
    /// trial parameters only, a preset's components where the trial does not give them itself, defaults for the rest
    /// except the members of optional groups that are off, and without the parameters that do not apply.</summary>
    public static TrialConfig Resolve(ParameterSet chosen)
    {
        var values = chosen.Where(p => p.Scope == ParameterScope.Trial);
        values = PresetParameter.WithComponentsOfEachPreset(values);

        foreach (var parameter in Parameters.OfScope(ParameterScope.Trial))
        {
            if (!values.Contains(parameter) && parameter.Group is not { Optional: true } && parameter.DefaultFor(values) is { } value)
            {
                values = values.With(parameter, value);
            }
        }

        return new TrialConfig(values.Where(p => p.Applies(values)));
    }

    /// <summary>The trial with these values and defaults for the rest, e.g.
    /// <c>TrialConfig.Of(Parameters.Dataset.Set("synthetic"), Parameters.Eps.Set(0.1), Parameters.Epochs.Set(2))</c>.</summary>
    public static TrialConfig Of(params KeyValuePair<Parameter, ParameterValue>[] values) => Resolve(ParameterSet.Of(values));

    /// <summary>A trial stored earlier (checkpoint, grain state, results file): the values as they were resolved then,
    /// and the defaults of parameters declared since (a checkpoint written before <c>bn</c> existed trained with
    /// <c>bn: full</c>).</summary>
    public static TrialConfig FromResolved(ParameterSet values) => Resolve(values);

    /// <summary>This trial with other values for some parameters (defaults follow, e.g. a new method's lambda).</summary>
    public TrialConfig With(params KeyValuePair<Parameter, ParameterValue>[] values) => Resolve(Values.Merge(ParameterSet.Of(values)));

    public bool Equals(TrialConfig? other) => other is not null && Values.Equals(other.Values);

    public override bool Equals(object? obj) => Equals(obj as TrialConfig);

    public override int GetHashCode() => Values.GetHashCode();

    public override string ToString() => Values.ToString();
}
