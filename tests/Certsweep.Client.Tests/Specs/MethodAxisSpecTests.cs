using Certsweep.Client.Commands;
using Certsweep.Client.Reports;
using Certsweep.Client.Specs;
using Certsweep.Client.Tests.Commands;
using Certsweep.Client.Views;
using Certsweep.Contracts.Serialization;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Certsweep.Client.Tests.Specs;

/// <summary>A method axis whose items are presets or mappings of method components, from spec files (YAML and JSON)
/// through <c>spec validate</c>, <c>spec expand</c>, the coordinator's serializer and the tables' labels.</summary>
public sealed class MethodAxisSpecTests
{
    private const string ExampleYaml = """
        dataset: fashion-mnist
        eps: 0.1
        epochs: 10
        warmup: 2
        model: cnn_4layer_bn
        axes:
          method:
            - vanilla
            - fast
            - crown-ibp
            - {init: ibp, regularizers: tightness+relu, bn: mean}
            - {init: ibp, regularizers: tightness+relu, bn: none-wo-affine}
            - {init: standard, regularizers: tightness}
          seed: [1, 2, 3]          # 6 x 3 = 18 trials
        """;

    private const string ExampleJson = """
        {"dataset": "fashion-mnist", "eps": 0.1, "epochs": 10, "warmup": 2, "model": "cnn_4layer_bn",
         "axes": {"method": ["vanilla", "fast", "crown-ibp",
                             {"init": "ibp", "regularizers": "tightness+relu", "bn": "mean"},
                             {"init": "ibp", "regularizers": "tightness+relu", "bn": "none-wo-affine"},
                             {"init": "standard", "regularizers": "tightness"}],
                  "seed": [1, 2, 3]}}
        """;

    private static readonly string[] Labels =
    [
        "vanilla", "fast", "crown-ibp", "init ibp, regularizers tightness+relu, bn mean, bound ibp, loss ibp",
        "init ibp, regularizers tightness+relu, bn none-wo-affine, bound ibp, loss ibp", "init standard, regularizers tightness, bn full, bound ibp, loss ibp",
    ];

    [Fact]
    public void The_example_in_yaml_and_json_binds_to_one_spec_of_18_trials()
    {
        var yaml = SweepSpecLoader.Parse(ExampleYaml, SpecFormat.Yaml);
        var json = SweepSpecLoader.Parse(ExampleJson, SpecFormat.Json);

        Assert.True(yaml.IsValid, string.Join("\n", yaml.Problems.Select(p => p.Message)));
        Assert.True(json.IsValid, string.Join("\n", json.Problems.Select(p => p.Message)));
        Assert.Equal(yaml.Spec, json.Spec);
        var method = yaml.Spec.AxisOf(Parameters.Method)!;
        Assert.Equal(ParameterSet.Of([Parameters.Init.Set("ibp"), Parameters.Regularizers.Set("tightness+relu"), Parameters.BatchNorm.Set("mean")]), method.Values![3]);
        Assert.Equal(ParameterSet.Of(Parameters.Method, Parameters.Method.ToValue("crown-ibp")), method.Values[2]);

        var trials = SweepExpansion.Expand(yaml.Spec);
        Assert.Equal(Labels.SelectMany(l => Enumerable.Repeat(l, 3)), trials.Select(t => Parameters.Method.Label(t.Values)));
        Assert.Equal(["mean", "none-wo-affine"], trials.Skip(9).Take(6).Select(t => t.Get(Parameters.BatchNorm)).Distinct());
    }

    [Fact]
    public void An_unknown_key_in_a_method_item_suggests_the_component_and_a_preset_name_there_says_why()
    {
        var typo = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\naxes: {method: [fast, {init: ibp, regularizer: relu}], warmup: 5}\n", SpecFormat.Yaml);
        var problem = Assert.Single(typo.Problems);
        Assert.Equal("axes.method[1].regularizer", problem.Field);
        Assert.Equal("a key of axes.method[1]: init, regularizers, bn, bound, loss (did you mean regularizers?)", problem.Allowed);

        var named = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\naxes: {method: [{method: fast, bn: mean}], warmup: 5}\n", SpecFormat.Yaml);
        Assert.Contains("an item is either a method name or a mapping of the keys it sets, not both", Assert.Single(named.Problems).Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spec_validate_and_expand_show_the_items_as_written_and_the_trials_by_their_labels()
    {
        using var scratch = new TemporaryDirectory();
        var path = scratch.Combine("method-axis.yaml");
        File.WriteAllText(path, ExampleYaml);

        var (code, output, error) = await CommandRunner.RunAsync(SpecCommand.Create(), "spec", "validate", path);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("valid: 18 trials (grid search)", output, StringComparison.Ordinal);
        Assert.Contains("vanilla, fast, crown-ibp, {init: ibp, regularizers: tightness+relu, bn: mean}, {init: ibp, regularizers: tightness+relu, bn: none-wo-affine}, {init: standard, regularizers: tightness}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unused", output, StringComparison.Ordinal);

        (code, output, error) = await CommandRunner.RunAsync(SpecCommand.Create(), "spec", "expand", path);
        Assert.True(code == ExitCodes.Success, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Each varying parameter; lambda and tol apply only with a regularizer.
        Assert.Equal(["#", "init", "regularizers", "bn", "bound", "method", "lambda", "tol", "seed"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(Labels, label => Assert.Contains(lines, line => line.Contains($" {label} ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_spec_crosses_the_coordinators_serializer_unchanged()
    {
        var spec = SweepSpecLoader.Parse(ExampleYaml, SpecFormat.Yaml).Spec!;
        var serializer = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(SweepSpecSurrogate).Assembly))
            .BuildServiceProvider()
            .GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<SweepSpec>(serializer.SerializeToArray(spec))!;

        Assert.Equal(spec, copy);
        Assert.Equal(SweepExpansion.Expand(spec), SweepExpansion.Expand(copy));
    }

    [Fact]
    public void Tables_name_a_trial_of_components_by_the_preset_they_match_else_by_the_components()
    {
        var spec = SweepSpecLoader.Parse("""
            dataset: fashion-mnist
            eps: 0.1
            epochs: 10
            warmup: 2
            axes:
              method: [fast, {init: standard, regularizers: none}, {init: ibp, bn: mean}]
            """, SpecFormat.Yaml).Spec!;
        var trials = SweepExpansion.Expand(spec);
        var axes = trials.Select(spec.AxesOf).ToList();

        Assert.Equal(["fast", "vanilla", "init ibp, regularizers tightness+relu, bn mean, bound ibp, loss ibp"], axes.Select(a => AxisColumns.Cell(a, Parameters.Method)));
        Assert.Equal(["init", "regularizers", "bn", "method"], AxisColumns.Of(axes).Names);
        Assert.Equal(["fast", "vanilla", "init ibp, regularizers tightness+relu, bn mean, bound ibp, loss ibp"],
            trials.Zip(axes, (trial, a) => new TrialConfiguration(a, trial).Label));
    }

    [Fact]
    public void The_full_ablation_spec_is_one_sweep_of_33_trials()
    {
        var result = SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Root, "docs", "results", "fashion-mnist-ablation-full.yaml"));

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        var trials = SweepExpansion.Expand(result.Spec);
        Assert.Equal(33, trials.Count);
        Assert.Equal(11, trials.Select(t => Parameters.Method.Label(t.Values)).Distinct().Count());
        Assert.Contains(trials, t => Parameters.Method.Label(t.Values) == "vanilla");
        Assert.Contains(trials, t => Parameters.Method.Label(t.Values) == "fast");
        Assert.All(trials, t => Assert.Equal(("crown", 6000, 10), (t.Get(Parameters.FinalCertify), t.Get(Parameters.TrainLimit)!.Value, t.Get(Parameters.Epochs))));
    }
}
