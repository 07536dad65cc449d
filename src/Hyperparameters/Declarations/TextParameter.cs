using System.Globalization;
using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>Free text (a sweep's title): any scalar, at most <see cref="MaxLength"/> characters, none of them control
/// or invisible characters, so it prints as itself everywhere.</summary>
public sealed class TextParameter : Parameter<string>
{
    public TextParameter(string name)
        : base(name)
    {
    }

    public required int MaxLength { get; init; }

    public override string Allowed => string.Create(CultureInfo.InvariantCulture,
        $"a text of at most {MaxLength} characters without control or invisible characters");

    public override string DefaultText => "none";

    public override ParameterValue? Read(WrittenScalar scalar) =>
        scalar.Kind != ScalarKind.Null && IsAllowed(scalar.Text) ? ParameterValue.Of(scalar.Text) : null;

    public override string? Violation(ParameterValue value) =>
        value.Kind == ValueKind.Text && IsAllowed(value.String) ? null : Allowed;

    public override ParameterValue? DefaultFor(ParameterSet resolved) => null;

    public override JsonObject ValueSchema() => new()
    {
        ["type"] = new JsonArray("string", "number", "boolean"),
        ["maxLength"] = MaxLength,
    };

    public override string ValueOf(ParameterValue value) => value.String;

    public override ParameterValue ToValue(string value) => ParameterValue.Of(value);

    private bool IsAllowed(string text) => text.Length <= MaxLength && Echo.Escape(text) == text;
}
