using System.Globalization;
using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>An integer parameter with bounds that fit its use: no sum or product of bounded values overflows.</summary>
public sealed class IntParameter : Parameter<int>
{
    public IntParameter(string name)
        : base(name)
    {
    }

    public required int Min { get; init; }

    public required int Max { get; init; }

    public int? Default { get; init; }

    /// <summary>A default that depends on the trial's other values (resolved before it, in declaration order); when set it
    /// replaces <see cref="Default"/>, and <see cref="DefaultDescription"/> says it in words.</summary>
    public Func<ParameterSet, int>? DefaultFrom { get; init; }

    public string? DefaultDescription { get; init; }

    public override string Allowed => IntegerRange.Allowed(Min, Max, Unit);

    public override string DefaultText => DefaultDescription ?? (Default is { } d ? d.ToString(CultureInfo.InvariantCulture) : "none");

    public override bool HasDistributions => true;

    public override ParameterValue? Read(WrittenScalar scalar) => IntegerRange.Read(scalar, Min, Max);

    public override string? Violation(ParameterValue value) =>
        value.Kind == ValueKind.Integer && value.Integer >= Min && value.Integer <= Max ? null : Allowed;

    public override ParameterValue? DefaultFor(ParameterSet resolved) =>
        DefaultFrom is { } from ? ParameterValue.Of(from(resolved)) : Default is { } d ? ParameterValue.Of(d) : null;

    public override JsonObject ValueSchema() => IntegerRange.Schema(Min, Max);

    public override int ValueOf(ParameterValue value) => value.Integer;

    public override ParameterValue ToValue(int value) => ParameterValue.Of(value);
}
