using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Specs;

/// <summary>
/// A spec file's content as a tree, the same for YAML and JSON, with the position of every node so that a
/// problem can point at its line. Both readers produce it; <see cref="SweepSpecBinder"/> alone turns it into
/// records, which is what keeps the two formats to one schema.
/// </summary>
public abstract record SpecNode(SourcePosition Position)
{
    /// <summary>How the node appears in an error message: a scalar as written (escaped), a container by its kind.</summary>
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
    public WrittenScalar Scalar => new(Text, Kind);

    public override string Describe() => Scalar.Describe();

    /// <summary>The value of a <see cref="ScalarKind.Number"/>, including YAML's <c>.inf</c> and <c>.nan</c>.</summary>
    public bool TryGetNumber(out double value) => Scalar.TryGetNumber(out value);
}
