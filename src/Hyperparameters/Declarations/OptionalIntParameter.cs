using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>An integer parameter that may be <c>null</c>, which is also its default (e.g. <c>train_limit</c>: every sample).</summary>
public sealed class OptionalIntParameter : Parameter<int?>
{
    public OptionalIntParameter(string name)
        : base(name)
    {
    }

    public required int Min { get; init; }

    public required int Max { get; init; }

    /// <summary>What <c>null</c> means, e.g. "every sample".</summary>
    public required string NullMeans { get; init; }

    public override string Allowed => $"{IntegerRange.Allowed(Min, Max, Unit)}, or null for {NullMeans}";

    public override string DefaultText => $"null ({NullMeans})";

    public override ParameterValue? Read(WrittenScalar scalar) =>
        scalar.Kind == ScalarKind.Null ? ParameterValue.Null : IntegerRange.Read(scalar, Min, Max);

    public override string? Violation(ParameterValue value) =>
        value.Kind == ValueKind.Null || (value.Kind == ValueKind.Integer && value.Integer >= Min && value.Integer <= Max) ? null : Allowed;

    public override ParameterValue? DefaultFor(ParameterSet resolved) => ParameterValue.Null;

    public override JsonObject ValueSchema()
    {
        var schema = IntegerRange.Schema(Min, Max);
        schema["type"] = new JsonArray("integer", "null");
        return schema;
    }

    public override int? ValueOf(ParameterValue value) => value.Kind == ValueKind.Null ? null : value.Integer;

    public override ParameterValue ToValue(int? value) => value is { } v ? ParameterValue.Of(v) : ParameterValue.Null;
}
