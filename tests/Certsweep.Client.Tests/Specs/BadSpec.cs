using Certsweep.Client.Specs;

namespace Certsweep.Client.Tests.Specs;

/// <summary>An invalid spec file and the problem it must produce: <paramref name="Field"/> exactly, a value that
/// contains <paramref name="Value"/>. <paramref name="SchemaRejects"/>: the JSON Schema must reject it too
/// (false for what only the CLI can check: cross-field rules, limits, duplicate keys, unparsable text).</summary>
public sealed record BadSpec(string Name, SpecFormat Format, string Text, string Field, string Value, bool SchemaRejects, int MaxTrials = 10_000)
{
    public override string ToString() => Name;
}
