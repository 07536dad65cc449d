using System.Globalization;

namespace Certsweep.Hyperparameters.Values;

/// <summary>
/// One hyperparameter value and how it was written (<c>8/255</c> stays <c>8/255</c> in messages and tables, not the
/// computed float). Two values are equal when they hold the same value, however written.
/// </summary>
public sealed class ParameterValue : IEquatable<ParameterValue>
{
    private readonly int _integer;
    private readonly double _real;
    private readonly string? _text;
    private readonly IReadOnlyList<int>? _list;
    private readonly IReadOnlyList<string>? _texts;

    private ParameterValue(ValueKind kind, int integer, double real, string? text, IReadOnlyList<int>? list, string? written, IReadOnlyList<string>? texts = null)
    {
        Kind = kind;
        _integer = integer;
        _real = real;
        _text = text;
        _list = list;
        _texts = texts;
        Written = written ?? Canonical(kind, integer, real, text, list, texts);
    }

    public ValueKind Kind { get; }

    /// <summary>The value as the spec file (or command line) wrote it; otherwise its canonical form. Escape it
    /// (<see cref="Echo"/>) before printing.</summary>
    public string Written { get; }

    /// <summary>The canonical form: integers and numbers in invariant round-trip form, lists as <c>[a, b]</c>.</summary>
    public string Text => Canonical(Kind, _integer, _real, _text, _list, _texts);

    public static ParameterValue Null { get; } = new(ValueKind.Null, 0, 0, null, null, "null");

    public static ParameterValue Of(int value, string? written = null) => new(ValueKind.Integer, value, 0, null, null, written);

    public static ParameterValue Of(double value, string? written = null) => new(ValueKind.Real, 0, value, null, null, written);

    public static ParameterValue Of(string value, string? written = null) => new(ValueKind.Text, 0, 0, value, null, written);

    public static ParameterValue Of(IReadOnlyList<int> value, string? written = null) => new(ValueKind.IntegerList, 0, 0, null, value.ToArray(), written);

    public static ParameterValue Of(IReadOnlyList<string> value, string? written = null) => new(ValueKind.TextList, 0, 0, null, null, written, value.ToArray());

    public int Integer => Kind == ValueKind.Integer ? _integer : throw Wrong(ValueKind.Integer);

    /// <summary>A real value; an integer value reads as its real number.</summary>
    public double Real => Kind switch
    {
        ValueKind.Real => _real,
        ValueKind.Integer => _integer,
        _ => throw Wrong(ValueKind.Real),
    };

    public string String => _text ?? throw Wrong(ValueKind.Text);

    public IReadOnlyList<int> IntegerList => _list ?? throw Wrong(ValueKind.IntegerList);

    public IReadOnlyList<string> TextList => _texts ?? throw Wrong(ValueKind.TextList);

    /// <summary>The same value, written as <paramref name="written"/>.</summary>
    public ParameterValue WrittenAs(string written) => new(Kind, _integer, _real, _text, _list, written, _texts);

    public bool Equals(ParameterValue? other) =>
        other is not null && Kind == other.Kind && Kind switch
        {
            ValueKind.Null => true,
            ValueKind.Integer => _integer == other._integer,
            ValueKind.Real => _real.Equals(other._real),
            ValueKind.Text => string.Equals(_text, other._text, StringComparison.Ordinal),
            ValueKind.TextList => _texts!.SequenceEqual(other._texts!, StringComparer.Ordinal),
            _ => _list!.SequenceEqual(other._list!),
        };

    public override bool Equals(object? obj) => Equals(obj as ParameterValue);

    public override int GetHashCode() => Kind switch
    {
        ValueKind.Null => 0,
        ValueKind.Integer => _integer.GetHashCode(),
        ValueKind.Real => _real.GetHashCode(),
        ValueKind.Text => StringComparer.Ordinal.GetHashCode(_text!),
        ValueKind.TextList => _texts!.Aggregate(19, (hash, item) => (hash * 31) + StringComparer.Ordinal.GetHashCode(item)),
        _ => _list!.Aggregate(17, (hash, item) => (hash * 31) + item),
    };

    public override string ToString() => Written;

    private static string Canonical(ValueKind kind, int integer, double real, string? text, IReadOnlyList<int>? list, IReadOnlyList<string>? texts) => kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Integer => integer.ToString(CultureInfo.InvariantCulture),
        ValueKind.Real => real.ToString("R", CultureInfo.InvariantCulture),
        ValueKind.Text => text!,
        ValueKind.TextList => $"[{string.Join(", ", texts!)}]",
        _ => $"[{string.Join(", ", list!.Select(i => i.ToString(CultureInfo.InvariantCulture)))}]",
    };

    private InvalidOperationException Wrong(ValueKind wanted) => new($"The value {Written} is {Kind}, not {wanted}.");
}
