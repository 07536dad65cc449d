using System.Text.Json;
using System.Text.Json.Serialization;

namespace Certsweep.Hyperparameters.Json;

/// <summary>A <see cref="TrialConfig"/> in JSON: its values as <see cref="ParameterSetJsonConverter"/> writes them.</summary>
public sealed class TrialConfigJsonConverter : JsonConverter<TrialConfig>
{
    private static readonly ParameterSetJsonConverter Values = new();

    public override TrialConfig Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TrialConfig.FromResolved(Values.Read(ref reader, typeof(ParameterSet), options));

    public override void Write(Utf8JsonWriter writer, TrialConfig value, JsonSerializerOptions options) =>
        Values.Write(writer, value.Values, options);
}
