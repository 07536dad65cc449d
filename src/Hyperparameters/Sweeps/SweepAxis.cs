using Certsweep.Hyperparameters.Declarations;

namespace Certsweep.Hyperparameters.Sweeps;

/// <summary>
/// What a sweep varies one parameter over: listed values, or (random search) a distribution. Each listed value is an
/// assignment, usually of the parameter alone; a joint item (<c>warmup: {length: 10, start: 3}</c>) assigns the
/// parameters it names together.
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

    /// <summary>An axis listing <paramref name="values"/>, e.g. <c>SweepAxis.Of(Parameters.Seed, 1, 2)</c>.</summary>
    public static SweepAxis Of<T>(Parameter<T> parameter, params T[] values) =>
        new(parameter, values.Select(v => ParameterSet.Of(parameter, parameter.ToValue(v))).ToList(), null);

    public bool Equals(SweepAxis? other) =>
        other is not null && other.Parameter == Parameter && Equals(other.Distribution, Distribution)
        && (other.Values is null ? Values is null : Values is not null && other.Values.SequenceEqual(Values));

    public override bool Equals(object? obj) => Equals(obj as SweepAxis);

    public override int GetHashCode() => HashCode.Combine(Parameter.Name, Values?.Count, Distribution);
}
