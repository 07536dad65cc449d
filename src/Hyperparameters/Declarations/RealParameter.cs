using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>A finite real parameter within bounds (NaN and infinities are never allowed). Eps-like parameters may
/// also be written as a fraction string such as <c>8/255</c>, which messages and tables keep as written.</summary>
public sealed partial class RealParameter : Parameter<double>
{
    public RealParameter(string name)
        : base(name)
    {
    }

    public required double Min { get; init; }

    public required double Max { get; init; }

    public bool MinExclusive { get; init; }

    public bool MaxExclusive { get; init; }

    public bool AllowsFraction { get; init; }

    public double? Default { get; init; }

    /// <summary>A default that depends on the trial's other values (resolved before it, in declaration order); when set it
    /// replaces <see cref="Default"/>, and <see cref="DefaultDescription"/> says it in words.</summary>
    public Func<ParameterSet, double>? DefaultFrom { get; init; }

    public string? DefaultDescription { get; init; }

    public override string Allowed => string.Create(CultureInfo.InvariantCulture,
        $"a number {(MinExclusive ? ">" : ">=")} {Format(Min)} and {(MaxExclusive ? "<" : "<=")} {Format(Max)}{(Unit is null ? string.Empty : $" ({Unit})")}{(AllowsFraction ? ", or a fraction such as 8/255" : string.Empty)}");

    public override string DefaultText => DefaultDescription ?? (Default is { } d ? Format(d) : "none");

    public override bool HasDistributions => true;

    public override ParameterValue? Read(WrittenScalar scalar)
    {
        double? number = null;
        if (scalar.TryGetNumber(out var value))
        {
            number = value;
        }
        else if (AllowsFraction && scalar.Kind == ScalarKind.String && Fraction().Match(scalar.Text) is { Success: true } match)
        {
            var numerator = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var denominator = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            number = denominator > 0 ? numerator / denominator : null;
        }

        return number is { } n && Within(n) ? ParameterValue.Of(n, scalar.Text) : null;
    }

    public override string? Violation(ParameterValue value) =>
        value.Kind is ValueKind.Real or ValueKind.Integer && Within(value.Real) ? null : Allowed;

    public override ParameterValue? DefaultFor(ParameterSet resolved) =>
        DefaultFrom is { } from ? ParameterValue.Of(from(resolved)) : Default is { } d ? ParameterValue.Of(d) : null;

    public override JsonObject ValueSchema()
    {
        var number = new JsonObject { ["type"] = "number" };
        number[MinExclusive ? "exclusiveMinimum" : "minimum"] = Min;
        number[MaxExclusive ? "exclusiveMaximum" : "maximum"] = Max;
        return AllowsFraction
            ? new JsonObject
            {
                ["oneOf"] = new JsonArray(number, new JsonObject { ["type"] = "string", ["pattern"] = Fraction().ToString() }),
            }
            : number;
    }

    public override double ValueOf(ParameterValue value) => value.Real;

    public override ParameterValue ToValue(double value) => ParameterValue.Of(value);

    public bool Within(double value) =>
        double.IsFinite(value) && (MinExclusive ? value > Min : value >= Min) && (MaxExclusive ? value < Max : value <= Max);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)\s*$")]
    private static partial Regex Fraction();
}
