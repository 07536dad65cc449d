using Certsweep.Hyperparameters.Declarations;

namespace Certsweep.Hyperparameters.Sweeps;

/// <summary>
/// What a sweep varies one parameter over: listed values, or (random search) a distribution. Each listed value is an
/// assignment, usually of the parameter alone; a joint item (<c>warmup: {length: 10, start: 3}</c>) assigns the
/// parameters it names together, and a method item of components (<c>{init: ibp, bn: mean}</c>) assigns only those.
/// </summary>
public sealed class SweepAxis : IEquatable<SweepAxis>
{
    public SweepAxis(Parameter parameter, IReadOnlyList<ParameterSet>? values, Distribution? distribution)
    {
        Parameter = parameter;
        Values = values;
        Distribution = distribution;
    }

    public Parameter Parameter { get; }

    public IReadOnlyList<ParameterSet>? Values { get; }

    public Distribution? Distribution { get; }

    /// <summary>The spec path of the axis, <c>axes.NAME</c>.</summary>
    public string Path => $"axes.{Parameter.Name}";

    /// <summary>The parameters an item of this axis can decide for a trial: the parameter and a joint item's other
    /// keys; for a preset parameter, its components rather than its name (which is only a label).</summary>
    public IReadOnlyList<Parameter> Configures =>
        [.. (Parameter is PresetParameter ? [] : new[] { Parameter }).Concat(Parameter.JointWith?.Values ?? [])];

    /// <summary>Whether <paramref name="item"/> is a plain value of the parameter (<c>fast</c>, <c>10</c>) rather than
    /// a joint item.</summary>
    public bool IsPlain(ParameterSet item) => item.Count == 1 && item.Contains(Parameter);

    /// <summary>The key that names <paramref name="parameter"/> inside this axis's joint items (<c>length</c> for
    /// warmup itself, <c>start</c>, <c>bn</c>).</summary>
    public string KeyOf(Parameter parameter) =>
        parameter == Parameter ? Parameter.JointKey ?? parameter.Key
            : Parameter.JointWith?.FirstOrDefault(pair => pair.Value == parameter).Key ?? parameter.Name;

    /// <summary>The values of <paramref name="trial"/> that this axis decides (empty where none applies, e.g. lambda
    /// of a vanilla trial).</summary>
    public ParameterSet ValuesIn(ParameterSet trial) => trial.Where(p => p == Parameter || Configures.Contains(p));

    /// <summary>An axis listing <paramref name="values"/>, e.g. <c>SweepAxis.Of(Parameters.Seed, 1, 2)</c>.</summary>
    public static SweepAxis Of<T>(Parameter<T> parameter, params T[] values) =>
        new(parameter, values.Select(v => ParameterSet.Of(parameter, parameter.ToValue(v))).ToList(), null);

    public bool Equals(SweepAxis? other) =>
        other is not null && other.Parameter == Parameter && Equals(other.Distribution, Distribution)
        && (other.Values is null ? Values is null : Values is not null && other.Values.SequenceEqual(Values));

    public override bool Equals(object? obj) => Equals(obj as SweepAxis);

    public override int GetHashCode() => HashCode.Combine(Parameter.Name, Values?.Count, Distribution);
}
