using System.Text.Json;
using System.Text.Json.Serialization;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Grains.Sweeps;

/// <summary>Value equality of sweep specs, lists included (records compare lists by reference).</summary>
public static class SpecEquality
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static bool Equal(SweepSpec a, SweepSpec b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json);
}
