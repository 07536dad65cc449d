using System.Globalization;
using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>A list of names from a fixed set, in the order written (e.g. <c>objectives</c>, most important first); a
/// single name counts as a list of one. That no name repeats is a sweep rule, so the message can point at the repeat.</summary>
public sealed class NameListParameter : Parameter<IReadOnlyList<string>>, IListParameter
{
    public NameListParameter(string name)
        : base(name)
    {
    }

    public required IReadOnlyList<Choice> Choices { get; init; }

    public required int MinCount { get; init; }

    public required int MaxCount { get; init; }

    public required IReadOnlyList<string> Default { get; init; }

    public IEnumerable<string> Names => Choices.Select(c => c.Name);

    public string ItemAllowed => $"one of {string.Join(", ", Names)}";

    public override string Allowed => string.Create(CultureInfo.InvariantCulture,
        $"a list of {MinCount} to {MaxCount} of {string.Join(", ", Names)}, each once (one name alone is a list of one)");

    public override string DefaultText => $"[{string.Join(", ", Default)}]";

    public bool Contains(string name) => Choices.Any(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public ParameterValue? ReadItem(WrittenScalar scalar) =>
        scalar.Kind == ScalarKind.String && Contains(scalar.Text) ? ParameterValue.Of(scalar.Text) : null;

    public ParameterValue FromItems(IEnumerable<ParameterValue> items, string written) =>
        ParameterValue.Of(items.Select(i => i.String).ToArray(), written);

    public override ParameterValue? Read(WrittenScalar scalar) =>
        ReadItem(scalar) is { } item ? ParameterValue.Of(new[] { item.String }, scalar.Text) : null;

    public override string? Violation(ParameterValue value) =>
        value.Kind == ValueKind.TextList && value.TextList.Count >= MinCount && value.TextList.Count <= MaxCount && value.TextList.All(Contains)
            ? null
            : Allowed;

    public override ParameterValue? DefaultFor(ParameterSet resolved) => ParameterValue.Of(Default);

    public override JsonObject ValueSchema()
    {
        var item = new JsonObject { ["enum"] = new JsonArray(Names.Select(n => (JsonNode)n!).ToArray()) };
        return new JsonObject
        {
            ["oneOf"] = new JsonArray(
                item.DeepClone(),
                new JsonObject { ["type"] = "array", ["minItems"] = MinCount, ["maxItems"] = MaxCount, ["uniqueItems"] = true, ["items"] = item }),
        };
    }

    public override IReadOnlyList<string> ValueOf(ParameterValue value) => value.TextList;

    public override ParameterValue ToValue(IReadOnlyList<string> value) => ParameterValue.Of(value);
}
