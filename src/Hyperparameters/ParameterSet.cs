using System.Collections;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters;

/// <summary>
/// Values of some parameters, in declaration order. Immutable; equal when the same parameters hold equal values
/// (however written). A trial's whole configuration is one (<see cref="TrialConfig"/>), so is what a spec fixes and
/// each value of an axis.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.ParameterSetJsonConverter))]
public sealed class ParameterSet : IEquatable<ParameterSet>, IReadOnlyCollection<KeyValuePair<Parameter, ParameterValue>>
{
    private readonly KeyValuePair<Parameter, ParameterValue>[] _entries;

    private ParameterSet(KeyValuePair<Parameter, ParameterValue>[] entries) => _entries = entries;

    public static ParameterSet Empty { get; } = new([]);

    public int Count => _entries.Length;

    public IEnumerable<Parameter> Parameters => _entries.Select(e => e.Key);

    public static ParameterSet Of(IEnumerable<KeyValuePair<Parameter, ParameterValue>> entries) =>
        entries.Aggregate(Empty, (set, entry) => set.With(entry.Key, entry.Value));

    public static ParameterSet Of(Parameter parameter, ParameterValue value) => Empty.With(parameter, value);

    public bool Contains(Parameter parameter) => IndexOf(parameter) >= 0;

    public ParameterValue? Find(Parameter parameter) => IndexOf(parameter) is var i and >= 0 ? _entries[i].Value : null;

    public ParameterValue this[Parameter parameter] =>
        Find(parameter) ?? throw new KeyNotFoundException($"No value for {parameter.Name}.");

    /// <summary>The value of <paramref name="parameter"/> as the trainer reads it.</summary>
    public T Get<T>(Parameter<T> parameter) => parameter.ValueOf(this[parameter]);

    /// <summary>The value, or <paramref name="absent"/> when the set does not hold the parameter (an optional group that is off).</summary>
    public T GetOr<T>(Parameter<T> parameter, T absent) => Find(parameter) is { } value ? parameter.ValueOf(value) : absent;

    public ParameterSet With(Parameter parameter, ParameterValue value)
    {
        var index = IndexOf(parameter);
        if (index >= 0)
        {
            var replaced = (KeyValuePair<Parameter, ParameterValue>[])_entries.Clone();
            replaced[index] = new(parameter, value);
            return new ParameterSet(replaced);
        }

        var insertAt = Array.FindIndex(_entries, e => e.Key.Order > parameter.Order);
        var at = insertAt < 0 ? _entries.Length : insertAt;
        var inserted = new KeyValuePair<Parameter, ParameterValue>[_entries.Length + 1];
        Array.Copy(_entries, inserted, at);
        inserted[at] = new(parameter, value);
        Array.Copy(_entries, at, inserted, at + 1, _entries.Length - at);
        return new ParameterSet(inserted);
    }

    /// <summary>These values, with <paramref name="other"/>'s where both have one.</summary>
    public ParameterSet Merge(ParameterSet other) => other.Aggregate(this, (set, entry) => set.With(entry.Key, entry.Value));

    public ParameterSet Without(Parameter parameter) =>
        Contains(parameter) ? new ParameterSet(_entries.Where(e => e.Key != parameter).ToArray()) : this;

    /// <summary>Only the parameters <paramref name="keep"/> selects.</summary>
    public ParameterSet Where(Func<Parameter, bool> keep) => new(_entries.Where(e => keep(e.Key)).ToArray());

    public bool Equals(ParameterSet? other) =>
        other is not null && other._entries.Length == _entries.Length
        && _entries.Zip(other._entries).All(pair => pair.First.Key == pair.Second.Key && pair.First.Value.Equals(pair.Second.Value));

    public override bool Equals(object? obj) => Equals(obj as ParameterSet);

    public override int GetHashCode() => _entries.Aggregate(17, (hash, e) => HashCode.Combine(hash, e.Key.Name, e.Value));

    public IEnumerator<KeyValuePair<Parameter, ParameterValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<Parameter, ParameterValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary><c>name=value</c> pairs as written, e.g. <c>model=cnn lambda=0.5</c>.</summary>
    public override string ToString() => string.Join(' ', _entries.Select(e => $"{e.Key.Name}={Echo.Escape(e.Value.Written)}"));

    private int IndexOf(Parameter parameter) => Array.FindIndex(_entries, e => e.Key == parameter);
}
