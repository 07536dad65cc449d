using System.Text.Json;
using System.Text.Json.Nodes;
using Certsweep.Client.Specs;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Documents;
using Certsweep.Hyperparameters.Sweeps;
using Json.Schema;

namespace Certsweep.Client.Tests.Specs;

/// <summary>
/// The JSON Schema (for editors) and the CLI's parser must agree: every example passes the schema, the schema
/// rejects the bad specs it can express, and its keys and names are the binder's and the catalogs'.
/// </summary>
public sealed class SpecSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(RepositoryFiles.Schema)));
    private static readonly Lazy<JsonObject> SchemaJson = new(() => JsonNode.Parse(File.ReadAllText(RepositoryFiles.Schema))!.AsObject());

    private static EvaluationResults Evaluate(JsonNode? instance)
    {
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));

    [Fact]
    public void Every_example_spec_passes_the_schema()
    {
        var examples = RepositoryFiles.ExampleSpecs().ToList();
        Assert.True(examples.Count >= 5);
        foreach (var file in examples)
        {
            var text = File.ReadAllText(file);
            var results = Evaluate(SpecTreeJson.Read(text, SweepSpecLoader.FormatOf(file, text)));
            Assert.True(results.IsValid, $"{file}:\n{Describe(results)}");
        }
    }

    [Fact]
    public void A_method_axis_of_presets_and_component_mappings_passes_the_schema()
    {
        var file = Path.Combine(RepositoryFiles.Root, "docs", "results", "fashion-mnist-ablation-full.yaml");
        var text = File.ReadAllText(file);

        var results = Evaluate(SpecTreeJson.Read(text, SpecFormat.Yaml));

        Assert.True(results.IsValid, Describe(results));
        Assert.True(Evaluate(JsonNode.Parse("""{"dataset": "mnist", "eps": 0.1, "epochs": 10, "axes": {"method": {"bn": "mean"}}}""")).IsValid);
    }

    [Theory]
    [MemberData(nameof(BadSpecs.SchemaCases), MemberType = typeof(BadSpecs))]
    public void The_schema_rejects_what_the_parser_rejects(BadSpec bad)
    {
        var results = Evaluate(SpecTreeJson.Read(bad.Text, bad.Format));

        Assert.False(results.IsValid, $"the schema accepts '{bad.Name}', which the CLI rejects");
    }

    [Fact]
    public void A_random_search_spec_passes_and_the_same_axes_under_grid_search_do_not()
    {
        const string random = """
            {"dataset": "mnist", "eps": 0.3, "epochs": 30,
             "axes": {"lambda": {"distribution": "log_uniform", "min": 0.01, "max": 1}, "warmup": {"distribution": "int_uniform", "min": 5, "max": 20}},
             "search": {"kind": "random", "trials": 10}}
            """;

        Assert.True(Evaluate(JsonNode.Parse(random)).IsValid);
        Assert.True(SweepSpecLoader.Parse(random, SpecFormat.Json).IsValid);
        var grid = random.Replace("\"random\"", "\"grid\"", StringComparison.Ordinal).Replace(", \"trials\": 10", string.Empty, StringComparison.Ordinal);
        Assert.False(Evaluate(JsonNode.Parse(grid)).IsValid);
        Assert.False(SweepSpecLoader.Parse(grid, SpecFormat.Json).IsValid);
    }

    [Fact]
    public void The_schema_has_exactly_the_binders_keys()
    {
        var root = SchemaJson.Value;
        static IEnumerable<string> Keys(JsonNode? node) => node!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
        var properties = root["properties"]!;

        Assert.Equal(SweepSpecBinder.TopLevelKeys.Order(StringComparer.Ordinal), Keys(root));
        Assert.Equal(SweepSpecBinder.AxisKeys.Order(StringComparer.Ordinal), Keys(properties["axes"]));
        foreach (var group in Parameters.Groups)
        {
            Assert.Equal(SweepSpecBinder.KeysOf(group).Order(StringComparer.Ordinal), Keys(properties[group.Name]));
        }

        Assert.Equal(SweepSpecBinder.DistributionKeys.Order(StringComparer.Ordinal), Keys(root["$defs"]!["distribution"]));
    }

    [Fact]
    public void The_schema_names_the_same_models_datasets_and_choices()
    {
        var properties = SchemaJson.Value["properties"]!;
        static IEnumerable<string> Enum(JsonNode? node) => node!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal);

        Assert.Equal(KnownModels.Names.Order(StringComparer.Ordinal), Enum(properties["model"]));
        Assert.Equal(KnownDatasets.Names.Order(StringComparer.Ordinal), Enum(properties["dataset"]));
        Assert.Equal(["crown-ibp", "fast", "mtl-ibp", "vanilla"], Enum(properties["method"]));
        Assert.Equal(Distribution.Names.Keys.Order(StringComparer.Ordinal), Enum(SchemaJson.Value["$defs"]!["distribution"]!["properties"]!["distribution"]));
        Assert.Equal(["linear", "smoothed"], Enum(properties["schedule"]!["properties"]!["kind"]));
        Assert.Equal(["grid", "random", "tpe"], Enum(properties["search"]!["properties"]!["kind"]));
        Assert.Equal(["asha", "median", "none"], Enum(properties["scheduler"]!["properties"]!["kind"]));
        Assert.Equal(["test", "validation"], Enum(properties["selection"]!["properties"]!["split"]));
    }

    [Fact]
    public void Every_yaml_example_points_editors_at_the_schema()
    {
        foreach (var file in RepositoryFiles.ExampleSpecs().Where(f => f.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            var first = File.ReadLines(file).First();
            const string modeline = "# yaml-language-server: $schema=";
            Assert.StartsWith(modeline, first, StringComparison.Ordinal);
            Assert.Equal(Path.GetFullPath(RepositoryFiles.Schema), Path.GetFullPath(Path.Combine(RepositoryFiles.Examples, first[modeline.Length..])));
        }
    }
}
