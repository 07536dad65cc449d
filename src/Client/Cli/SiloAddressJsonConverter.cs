using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Runtime;

namespace Certsweep.Client.Cli;

/// <summary>A silo address in JSON output as Orleans' parsable string (<c>127.0.0.1:11111@123456789</c>), which
/// reads back; the default serializer would walk into the IP address and fail.</summary>
public sealed class SiloAddressJsonConverter : JsonConverter<SiloAddress>
{
    public override SiloAddress? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() is { } text ? SiloAddress.FromParsableString(text) : null;

    public override void Write(Utf8JsonWriter writer, SiloAddress value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToParsableString());
}
