using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>A parameter whose value is one of a fixed set of names (models, data sets, methods, kinds).</summary>
public sealed class ChoiceParameter : Parameter<string>
{
    public ChoiceParameter(string name)
        : base(name)
    {
    }

    public required IReadOnlyList<Choice> Choices { get; init; }

    public string? Default { get; init; }

    public IEnumerable<string> Names => Choices.Select(c => c.Name);

    public override string Allowed => $"one of {string.Join(", ", Names)}";

    public override string DefaultText => Default ?? "none";

    public bool Contains(string name) => Choices.Any(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public override ParameterValue? Read(WrittenScalar scalar) =>
        scalar.Kind == ScalarKind.String && Contains(scalar.Text) ? ParameterValue.Of(scalar.Text) : null;

    public override string? Violation(ParameterValue value) =>
        value.Kind == ValueKind.Text && Contains(value.String) ? null : Allowed;

    public override ParameterValue? DefaultFor(ParameterSet resolved) => Default is { } d ? ParameterValue.Of(d) : null;

    public override JsonObject ValueSchema() => new() { ["enum"] = new JsonArray(Names.Select(n => (JsonNode)n!).ToArray()) };

    public override string ValueOf(ParameterValue value) => value.String;

    public override ParameterValue ToValue(string value) => ParameterValue.Of(value);
}
