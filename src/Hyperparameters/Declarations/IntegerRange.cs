using System.Globalization;
using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Declarations;

/// <summary>Reading and describing bounded integers, shared by the integer parameters and list items.</summary>
internal static class IntegerRange
{
    public static string Allowed(int min, int max, string? unit) =>
        string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}{(unit is null ? string.Empty : $" ({unit})")}");

    /// <summary>The integer a number scalar holds when it is whole and within [min, max]; a number outside int32 fails
    /// the same way, so the message names the real limit.</summary>
    public static ParameterValue? Read(WrittenScalar scalar, int min, int max) =>
        scalar.TryGetNumber(out var number) && number == Math.Floor(number) && number >= min && number <= max
            ? ParameterValue.Of((int)number, scalar.Text)
            : null;

    public static JsonObject Schema(int min, int max) => new()
    {
        ["type"] = "integer",
        ["minimum"] = min,
        ["maximum"] = max,
    };
}
