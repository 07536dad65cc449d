namespace Certsweep.Client.Specs;

/// <summary>
/// A spec file's content as a tree, the same for YAML and JSON, with the position of every node so that a
/// problem can point at its line. Both readers produce it; <see cref="SweepSpecBinder"/> alone turns it into
/// records, which is what keeps the two formats to one schema.
/// </summary>
public abstract record SpecNode(SourcePosition Position)
{
    /// <summary>How the node appears in an error message: a scalar as written, a container by its kind.</summary>
    public abstract string Describe();
}

/// <summary>Key/value pairs in file order; keys are unique (the readers reject duplicates).</summary>
public sealed record SpecMapping(SourcePosition Position, IReadOnlyList<SpecEntry> Entries) : SpecNode(Position)
{
    public override string Describe() => "a mapping";
}

public sealed record SpecEntry(string Key, SourcePosition KeyPosition, SpecNode Value);

public sealed record SpecSequence(SourcePosition Position, IReadOnlyList<SpecNode> Items) : SpecNode(Position)
{
    public override string Describe() => Items.Count == 0 ? "[]" : "a list";
}

/// <summary>A leaf value. <see cref="Text"/> is the value as written (for numbers, their digits).</summary>
public sealed record SpecScalar(SourcePosition Position, string Text, ScalarKind Kind) : SpecNode(Position)
{
    public override string Describe() => Kind switch
    {
        ScalarKind.Null => "nothing",
        ScalarKind.String when Text.Length == 0 => "an empty string",

        _ => Text,
    };

    /// <summary>The value of a <see cref="ScalarKind.Number"/>, including YAML's <c>.inf</c> and <c>.nan</c>.</summary>
    public bool TryGetNumber(out double value)
    {
        value = Text.TrimStart('+') switch
        {
            ".inf" or ".Inf" or ".INF" => double.PositiveInfinity,
            "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
            ".nan" or ".NaN" or ".NAN" => double.NaN,
            _ => 0,
        };
        return Kind == ScalarKind.Number
            && (value != 0 || double.TryParse(Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value));
    }
}

/// <summary>What a scalar is: YAML plain scalars are resolved with the YAML 1.2 core schema, so <c>0.5</c> is a
/// number in both formats and <c>"0.5"</c> is a string in both.</summary>
public enum ScalarKind
{
    Null,
    Boolean,
    Number,
    String,
}
