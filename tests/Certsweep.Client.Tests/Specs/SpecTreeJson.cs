using System.Globalization;
using System.Text.Json.Nodes;
using Certsweep.Client.Specs;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Tests.Specs;

/// <summary>A spec tree as JSON, so a YAML spec can be checked against the JSON Schema the way an editor does.</summary>
public static class SpecTreeJson
{
    public static JsonNode? ToJson(SpecNode node) => node switch
    {
        SpecMapping mapping => new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        SpecSequence sequence => new JsonArray(sequence.Items.Select(ToJson).ToArray()),
        SpecScalar { Kind: ScalarKind.Null } => null,
        SpecScalar { Kind: ScalarKind.Boolean } b => JsonValue.Create(b.Text.Equals("true", StringComparison.OrdinalIgnoreCase)),
        SpecScalar { Kind: ScalarKind.Number } n when long.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        SpecScalar { Kind: ScalarKind.Number } n when n.TryGetNumber(out var number) && double.IsFinite(number) => JsonValue.Create(number),
        SpecScalar { Kind: ScalarKind.String } s => JsonValue.Create(s.Text),
        _ => throw new ArgumentException($"{node.Describe()} has no JSON form"),
    };

    public static JsonNode? Read(string text, SpecFormat format) =>
        ToJson((format == SpecFormat.Json ? JsonSpecReader.Read(text) : YamlSpecReader.Read(text))!);
}
