using System.Text.Json;
using System.Text.Json.Serialization;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Json;

/// <summary>
/// A <see cref="ParameterSet"/> in JSON: one property per parameter, named as in spec files, with a JSON number,
/// string, list or null. Reading skips names it does not know (a file from a newer version) and maps the names of
/// results files written before the parameters were declared in one place (<c>warmup_length</c>, <c>warmup_start</c>).
/// </summary>
public sealed class ParameterSetJsonConverter : JsonConverter<ParameterSet>
{
    private static readonly IReadOnlyDictionary<string, Parameter> FormerNames = new Dictionary<string, Parameter>
    {
        ["warmup_length"] = Parameters.Warmup,
        ["warmup_start"] = Parameters.ScheduleStart,
    };

    public override ParameterSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected an object of parameter values.");
        }

        var set = ParameterSet.Empty;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            var parameter = Parameters.Find(name) ?? FormerNames.GetValueOrDefault(name);
            if (parameter is null)
            {
                reader.Skip();
                continue;
            }

            set = set.With(parameter, ReadValue(ref reader, parameter));
        }

        return set;
    }

    public override void Write(Utf8JsonWriter writer, ParameterSet value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (parameter, item) in value)
        {
            writer.WritePropertyName(parameter.Name);
            WriteValue(writer, item);
        }

        writer.WriteEndObject();
    }

    private static ParameterValue ReadValue(ref Utf8JsonReader reader, Parameter parameter)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return ParameterValue.Null;
            case JsonTokenType.String:
                return ParameterValue.Of(reader.GetString()!);
            case JsonTokenType.Number when parameter is IntParameter or OptionalIntParameter:
                return ParameterValue.Of(reader.GetInt32());
            case JsonTokenType.Number:
                return ParameterValue.Of(reader.GetDouble());
            case JsonTokenType.StartArray when parameter is NameListParameter:
                var names = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    names.Add(reader.GetString()!);
                }

                return ParameterValue.Of(names);
            case JsonTokenType.StartArray:
                var items = new List<int>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(reader.GetInt32());
                }

                return ParameterValue.Of(items);
            default:
                throw new JsonException($"{parameter.Name}: expected a number, a string, a list or null.");
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, ParameterValue value)
    {
        switch (value.Kind)
        {
            case ValueKind.Null:
                writer.WriteNullValue();
                break;
            case ValueKind.Integer:
                writer.WriteNumberValue(value.Integer);
                break;
            case ValueKind.Real:
                writer.WriteNumberValue(value.Real);
                break;
            case ValueKind.Text:
                writer.WriteStringValue(value.String);
                break;
            case ValueKind.TextList:
                writer.WriteStartArray();
                foreach (var name in value.TextList)
                {
                    writer.WriteStringValue(name);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartArray();
                foreach (var item in value.IntegerList)
                {
                    writer.WriteNumberValue(item);
                }

                writer.WriteEndArray();
                break;
        }
    }
}
