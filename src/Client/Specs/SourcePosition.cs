namespace Certsweep.Client.Specs;

/// <summary>A place in a spec file, both counted from 1 (as editors show them).</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
