using System.Text.Json;
using System.Text.Json.Nodes;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Hyperparameters.Documents;

/// <summary>
/// The JSON Schema (draft 2020-12) of spec files, generated from the parameter declarations: a top-level key per
/// parameter outside a group, an object per group, and <c>axes</c> with a key per parameter a sweep may vary (a value,
/// a list of values, a joint item, or a distribution). <c>schemas/sweep-spec.schema.json</c> is this text; a test
/// keeps them equal. Editors use it; the binder and the sweep rules decide.
/// </summary>
public static class SpecSchema
{
    public const string SchemaKey = "$schema";
    public const string AxesKey = "axes";

    public static string Text()
    {
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "certsweep sweep spec",
            ["description"] = "A sweep of certified-robust training runs: the values every trial shares and the axes that vary between trials. YAML or JSON, snake_case keys. docs/cli.md explains every key; `certsweep spec validate FILE` checks a file (the CLI's checks are authoritative, this schema is for editors).",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = Properties(),
            ["allOf"] = new JsonArray([.. Parameters.All.Where(p => p.Required).Select(Required), SearchRule()]),
            ["$defs"] = new JsonObject { ["distribution"] = DistributionSchema() },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject Properties()
    {
        var properties = new JsonObject
        {
            [SchemaKey] = new JsonObject { ["type"] = "string", ["description"] = "Path or URL of this schema, for editors; ignored by certsweep." },
        };
        foreach (var parameter in Parameters.All)
        {
            if (parameter.Group is { } group)
            {
                if (!properties.ContainsKey(group.Name))
                {
                    properties[group.Name] = GroupSchema(group);
                }

                continue;
            }

            properties[parameter.Name] = Described(parameter.ValueSchema(), parameter);
        }

        properties[AxesKey] = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["description"] = "What varies between trials: lists of values (grid search takes their product) or, under random search and TPE, distributions of numeric parameters.",
            ["properties"] = new JsonObject(Parameters.All.Where(p => p.Sweepable)
                .Select(p => KeyValuePair.Create<string, JsonNode?>(p.Name, AxisSchema(p)))),
        };
        return properties;
    }

    private static JsonObject GroupSchema(ParameterGroup group) => new()
    {
        ["type"] = group.Optional ? new JsonArray("object", "null") : "object",
        ["additionalProperties"] = false,
        ["description"] = group.Doc,
        ["properties"] = new JsonObject(Parameters.All.Where(p => p.Group == group)
            .Select(p => KeyValuePair.Create<string, JsonNode?>(p.Key, Described(p.ValueSchema(), p)))),
    };

    private static JsonObject AxisSchema(Parameter parameter)
    {
        var item = parameter.JointWith is { } joint
            ? new JsonObject { ["oneOf"] = new JsonArray(parameter.ValueSchema(), JointSchema(parameter, joint)) }
            : parameter.ValueSchema();
        var forms = new JsonArray(
            item.DeepClone(),
            new JsonObject { ["type"] = "array", ["minItems"] = 1, ["uniqueItems"] = true, ["items"] = item });
        if (parameter.HasDistributions)
        {
            forms.Add(new JsonObject { ["$ref"] = "#/$defs/distribution" });
        }

        return new JsonObject { ["description"] = $"{parameter.Doc} A value, a list of values{(parameter.HasDistributions ? ", or (random search, TPE) a distribution" : string.Empty)}.", ["oneOf"] = forms };
    }

    /// <summary>A joint item: its own key required when it has one (<c>{length, start}</c>), else at least one of the
    /// others (<c>{init, regularizers, bn, bound, loss}</c>).</summary>
    private static JsonObject JointSchema(Parameter parameter, IReadOnlyDictionary<string, Parameter> joint)
    {
        var schema = new JsonObject { ["type"] = "object", ["additionalProperties"] = false };
        var properties = new JsonObject();
        if (parameter.JointKey is { } own)
        {
            schema["required"] = new JsonArray(own);
            properties[own] = parameter.ValueSchema();
        }
        else
        {
            schema["minProperties"] = 1;
        }

        foreach (var (key, other) in joint)
        {
            properties[key] = Described(other.ValueSchema(), other);
        }

        schema["properties"] = properties;
        return schema;
    }

    /// <summary>A required parameter is given at the top level, or (when a sweep may vary it) as an axis.</summary>
    private static JsonObject Required(Parameter parameter) => parameter.Sweepable
        ? new JsonObject
        {
            ["anyOf"] = new JsonArray(
                new JsonObject { ["required"] = new JsonArray(parameter.Name) },
                new JsonObject
                {
                    ["required"] = new JsonArray(AxesKey),
                    ["properties"] = new JsonObject { [AxesKey] = new JsonObject { ["required"] = new JsonArray(parameter.Name) } },
                }),
        }
        : new JsonObject { ["required"] = new JsonArray(parameter.Name) };

    private static JsonObject DistributionSchema() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("distribution", "min", "max"),
        ["properties"] = new JsonObject
        {
            ["distribution"] = new JsonObject { ["enum"] = new JsonArray(Distribution.Names.Keys.Select(k => (JsonNode)k!).ToArray()) },
            ["min"] = new JsonObject { ["type"] = "number" },
            ["max"] = new JsonObject { ["type"] = "number" },
        },
        ["if"] = new JsonObject { ["properties"] = new JsonObject { ["distribution"] = new JsonObject { ["const"] = "log_uniform" } } },
        ["then"] = new JsonObject { ["properties"] = new JsonObject { ["min"] = new JsonObject { ["exclusiveMinimum"] = 0 } } },
    };

    /// <summary>Random search and TPE need search.trials; grid search takes none and no distributions.</summary>
    private static JsonObject SearchRule()
    {
        var kind = Parameters.SearchKind.Key;
        var trials = Parameters.SearchTrials.Key;
        var search = Parameters.SearchGroup.Name;
        return new JsonObject
        {
            ["if"] = new JsonObject
            {
                ["required"] = new JsonArray(search),
                ["properties"] = new JsonObject
                {
                    [search] = new JsonObject { ["required"] = new JsonArray(kind), ["properties"] = new JsonObject { [kind] = new JsonObject { ["enum"] = new JsonArray("random", "tpe") } } },
                },
            },
            ["then"] = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    [search] = new JsonObject { ["required"] = new JsonArray(trials), ["properties"] = new JsonObject { [trials] = new JsonObject { ["type"] = "integer" } } },
                },
            },
            ["else"] = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    [search] = new JsonObject { ["properties"] = new JsonObject { [trials] = new JsonObject { ["type"] = "null", ["description"] = "Grid search: the grid decides the count." } } },
                    [AxesKey] = new JsonObject
                    {
                        ["properties"] = new JsonObject(Parameters.All.Where(p => p.Sweepable && p.HasDistributions).Select(p => KeyValuePair.Create<string, JsonNode?>(p.Name,
                            new JsonObject { ["not"] = new JsonObject { ["type"] = "object", ["required"] = new JsonArray("distribution") }, ["description"] = "Distributions need search: {kind: random} or {kind: tpe}." }))),
                    },
                },
            },
        };
    }

    private static JsonObject Described(JsonObject schema, Parameter parameter)
    {
        schema["description"] = parameter.Unit is null ? parameter.Doc : $"{parameter.Doc} ({parameter.Unit})";
        if (parameter.DefaultFor(ParameterSet.Empty.With(Parameters.Epochs, Values.ParameterValue.Of(Parameters.MaxEpochs))) is { } value
            && parameter is not IntListParameter and not IntParameter { DefaultFrom: not null } and not RealParameter { DefaultFrom: not null })
        {
            schema["default"] = value.Kind switch
            {
                Values.ValueKind.Integer => value.Integer,
                Values.ValueKind.Real => value.Real,
                Values.ValueKind.Text => value.String,
                Values.ValueKind.TextList => new JsonArray(value.TextList.Select(t => (JsonNode)t!).ToArray()),
                _ => null,
            };
        }

        return schema;
    }
}
