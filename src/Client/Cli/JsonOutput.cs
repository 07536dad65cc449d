using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Certsweep.Client.Cli;

/// <summary>How every <c>--output json</c> document is written: snake_case names (as in spec files), enums as
/// snake_case strings, nulls left out, indented; NaN and infinities (a diverged trial's loss) as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c>; silo addresses as strings. The same options read such a document back
/// (<c>certsweep report results.json</c>).</summary>
public static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new SiloAddressJsonConverter() },
    };
}
