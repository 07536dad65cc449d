using Certsweep.Client.Specs;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Tests.Specs;

/// <summary>Good specs bind to the expected records, whichever format they are written in.</summary>
public sealed class SpecParsingTests
{
    private const string FullYaml = """
        # yaml-language-server: $schema=../schemas/sweep-spec.schema.json
        name: full
        dataset: cifar10
        train_limit: 1000
        test_limit: null
        eps: 8/255
        epochs: 100
        schedule: {kind: linear, start: 3, mid: 0.3, beta: 3}
        batch_size: 128
        grad_acc: 2
        lr: 1e-3
        lr_milestones: [60, 80]
        axes:
          lambda: [0.2, 0.5]
          warmup: [20, {length: 40, start: 5}]
          model: [cnn, resnext]
          method: [vanilla, fast]
          seed: [1, 2]
        search: {kind: grid}
        max_concurrency: 4
        retries: 3
        early_stopping: {patience: 15, min_delta: 0.002}
        """;

    private const string FullJson = """
        {
          "$schema": "../schemas/sweep-spec.schema.json",
          "name": "full",
          "dataset": "cifar10",
          "train_limit": 1000,
          "test_limit": null,
          "eps": "8/255",
          "epochs": 100,
          "schedule": {"kind": "linear", "start": 3, "mid": 0.3, "beta": 3},
          "batch_size": 128,
          "grad_acc": 2,
          "lr": 0.001,
          "lr_milestones": [60, 80],
          "axes": {
            "lambda": [0.2, 0.5],
            "warmup": [20, {"length": 40, "start": 5}],
            "model": ["cnn", "resnext"],
            "method": ["vanilla", "fast"],
            "seed": [1, 2]
          },
          "search": {"kind": "grid"},
          "max_concurrency": 4,
          "retries": 3,
          "early_stopping": {"patience": 15, "min_delta": 0.002}
        }
        """;

    private static readonly SweepSpec Full = SweepSpec.Of(
        [
            Parameters.Name.Set("full"),
            Parameters.Dataset.Set(KnownDatasets.Cifar10),
            Parameters.TrainLimit.Set(1000),
            Parameters.TestLimit.Set(null),
            Parameters.Eps.Set(8.0 / 255),
            Parameters.Epochs.Set(100),
            Parameters.ScheduleKind.Set("linear"),
            Parameters.ScheduleStart.Set(3),
            Parameters.ScheduleMid.Set(0.3),
            Parameters.ScheduleBeta.Set(3),
            Parameters.BatchSize.Set(128),
            Parameters.GradientAccumulation.Set(2),
            Parameters.LearningRate.Set(1e-3),
            Parameters.LrMilestones.Set([60, 80]),
            Parameters.SearchKind.Set("grid"),
            Parameters.MaxConcurrency.Set(4),
            Parameters.Retries.Set(3),
            Parameters.Patience.Set(15),
            Parameters.MinDelta.Set(0.002),
        ],
        SweepAxis.Of(Parameters.Lambda, 0.2, 0.5),
        new SweepAxis(Parameters.Warmup, [ParameterSet.Of(Parameters.Warmup, ParameterValue.Of(20)), ParameterSet.Of([Parameters.Warmup.Set(40), Parameters.ScheduleStart.Set(5)])], null),
        SweepAxis.Of(Parameters.Model, KnownModels.Cnn, KnownModels.ResNeXt),
        SweepAxis.Of(Parameters.Method, "vanilla", "fast"),
        SweepAxis.Of(Parameters.Seed, 1, 2));

    [Fact]
    public void Yaml_binds_every_key_to_the_expected_record()
    {
        var result = SweepSpecLoader.Parse(FullYaml, SpecFormat.Yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        Assert.Equal(Full, result.Spec);
        Assert.Equal("8/255", result.Spec.Settings[Parameters.Eps].Written);

        // The warmup item's own start overrides schedule.start for its trials.
        Assert.Equal([3, 5], SweepExpansion.Expand(result.Spec).Select(t => t.Get(Parameters.ScheduleStart)).Distinct().Order());
    }

    [Fact]
    public void Json_of_the_same_spec_gives_an_equal_record()
    {
        var yaml = SweepSpecLoader.Parse(FullYaml, SpecFormat.Yaml);
        var json = SweepSpecLoader.Parse(FullJson, SpecFormat.Json);

        Assert.True(json.IsValid, string.Join("\n", json.Problems.Select(p => p.Message)));
        Assert.Equal(yaml.Spec, json.Spec);
    }

    [Fact]
    public void The_quick_example_in_yaml_and_json_gives_equal_records()
    {
        var yaml = SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Examples, "fashion-mnist-quick.yaml"));
        var json = SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Examples, "fashion-mnist-quick.json"));

        Assert.True(yaml.IsValid && json.IsValid);
        Assert.Equal(yaml.Spec, json.Spec);
    }

    [Fact]
    public void Every_example_is_valid()
    {
        foreach (var file in RepositoryFiles.ExampleSpecs())
        {
            var result = SweepSpecLoader.LoadFile(file);
            Assert.True(result.IsValid, $"{file}:\n{string.Join("\n", result.Problems.Select(p => p.Message))}");
        }
    }

    [Fact]
    public void The_paper_examples_carry_the_paper_settings()
    {
        TrialConfig First(string name) => SweepExpansion.Expand(SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Examples, name)).Spec!)[0];
        SweepSpec Load(string name) => SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Examples, name)).Spec!;
        (double, int, int, int, int, int) Settings(TrialConfig t) => (t.Get(Parameters.Eps), t.Get(Parameters.BatchSize), t.Get(Parameters.ScheduleStart),
            t.Get(Parameters.Epochs), t.Get(Parameters.GradientAccumulation), t.Get(Parameters.Warmup));

        var mnist = First("mnist.yaml");
        Assert.Equal((0.4, 256, 1, 70, 1, 20), Settings(mnist));
        Assert.Equal([50, 60], mnist.Get(Parameters.LrMilestones));

        var cifar = First("cifar10.yaml");
        Assert.Equal((8.0 / 255, 128, 2, 160, 1, 80), Settings(cifar));
        Assert.Equal([120, 140], cifar.Get(Parameters.LrMilestones));
        Assert.Equal([KnownModels.Cnn, KnownModels.WideResNet8, KnownModels.ResNeXt],
            Load("cifar10.yaml").AxisOf(Parameters.Model)!.Values!.Select(v => v[Parameters.Model].String));

        var tiny = First("tiny-imagenet.yaml");
        Assert.Equal((1.0 / 255, 128, 2, 80, 2, 20), Settings(tiny));
        Assert.Equal([61, 71], tiny.Get(Parameters.LrMilestones));
        Assert.Equal([KnownModels.CnnImageNet, KnownModels.WideResNetImageNet64, KnownModels.ResNeXtImageNet64],
            Load("tiny-imagenet.yaml").AxisOf(Parameters.Model)!.Values!.Select(v => v[Parameters.Model].String));
        Assert.All(Load("tiny-imagenet.yaml").AxisOf(Parameters.Lambda)!.Values!, l => Assert.InRange(l[Parameters.Lambda].Real, 0.1, 0.2));

        // The paper trains every epoch; early stopping is ours.
        Assert.All(new[] { mnist, cifar, tiny }, trial => Assert.False(trial.Values.Contains(Parameters.Patience)));
    }

    [Theory]
    [InlineData(70, new[] { 50, 60 })]
    [InlineData(55, new[] { 50 })]
    [InlineData(10, new int[0])]
    public void Left_out_lr_milestones_are_the_defaults_the_run_reaches(int epochs, int[] milestones)
    {
        var result = SweepSpecLoader.Parse($"dataset: mnist\neps: 0.1\nepochs: {epochs}\naxes: {{warmup: 5}}\n", SpecFormat.Yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        Assert.Equal(milestones, SweepExpansion.Expand(result.Spec).Single().Get(Parameters.LrMilestones));
    }

    [Fact]
    public void A_single_value_is_an_axis_of_one_and_a_top_level_value_fixes_the_same_trial()
    {
        var single = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\naxes: {lambda: 0.5, warmup: 5, model: cnn, method: fast, seed: 7}\n", SpecFormat.Yaml);
        var lists = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\naxes: {lambda: [0.5], warmup: [5], model: [cnn], method: [fast], seed: [7]}\n", SpecFormat.Yaml);
        var fixedValues = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\nlambda: 0.5\nwarmup: 5\nmodel: cnn\nmethod: fast\nseed: 7\n", SpecFormat.Yaml);

        Assert.True(single.IsValid && lists.IsValid && fixedValues.IsValid);
        Assert.Equal(lists.Spec, single.Spec);
        Assert.Equal(SweepExpansion.Expand(lists.Spec), SweepExpansion.Expand(fixedValues.Spec));
    }

    [Fact]
    public void Distributions_bind_for_random_search()
    {
        var result = SweepSpecLoader.Parse("""
            dataset: mnist
            eps: 0.3
            epochs: 30
            axes:
              lambda: {distribution: log_uniform, min: 0.01, max: 1}
              warmup: {distribution: int_uniform, min: 5, max: 20}
            search: {kind: random, trials: 12, seed: 5}
            """, SpecFormat.Yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        Assert.Equal(new Distribution(DistributionKind.LogUniform, ParameterValue.Of(0.01), ParameterValue.Of(1.0)), result.Spec.AxisOf(Parameters.Lambda)!.Distribution);
        Assert.Equal(new Distribution(DistributionKind.IntUniform, ParameterValue.Of(5.0), ParameterValue.Of(20.0)), result.Spec.AxisOf(Parameters.Warmup)!.Distribution);
        Assert.Null(result.Spec.AxisOf(Parameters.Lambda)!.Values);
        Assert.Equal(("random", (int?)12, 5), (result.Spec.Get(Parameters.SearchKind), result.Spec.Get(Parameters.SearchTrials), result.Spec.Get(Parameters.SearchSeed)));
        Assert.Equal(12, SweepExpansion.Expand(result.Spec).Count);
    }

    [Fact]
    public void Omitted_keys_take_the_paper_defaults()
    {
        var result = SweepSpecLoader.Parse("{\"dataset\": \"mnist\", \"eps\": 0.4, \"epochs\": 70}", SpecFormat.Json);

        Assert.True(result.IsValid);
        var trial = Assert.Single(SweepExpansion.Expand(result.Spec));
        Assert.Equal("fast", Parameters.Method.Label(trial.Values));
        Assert.Equal(("ibp", "tightness+relu"), (trial.Get(Parameters.Init), trial.Get(Parameters.Regularizers)));
        Assert.Equal((KnownModels.Cnn, 0.5, 20, 1, 256, 5e-4, 10.0, 0.0), (trial.Get(Parameters.Model), trial.Get(Parameters.Lambda),
            trial.Get(Parameters.Warmup), trial.Get(Parameters.ScheduleStart), trial.Get(Parameters.BatchSize), trial.Get(Parameters.LearningRate),
            trial.Get(Parameters.GradNorm), trial.Get(Parameters.WeightDecay)));
    }

    [Fact]
    public void Yaml_anchors_and_aliases_are_resolved()
    {
        var result = SweepSpecLoader.Parse("""
            dataset: mnist
            eps: 0.1
            epochs: &epochs 10
            lr_milestones: [*epochs]
            axes: {warmup: 5}
            """, SpecFormat.Yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        Assert.Equal([10], result.Spec.Get(Parameters.LrMilestones));
    }

    [Theory]
    [InlineData("spec.json", "dataset: mnist", SpecFormat.Json)]
    [InlineData("spec.yml", "{\"dataset\": 1}", SpecFormat.Yaml)]
    [InlineData("-", "  {\"dataset\": \"mnist\"}", SpecFormat.Json)]
    [InlineData("spec", "dataset: mnist", SpecFormat.Yaml)]
    public void The_format_follows_the_extension_else_the_content(string path, string text, SpecFormat expected) =>
        Assert.Equal(expected, SweepSpecLoader.FormatOf(path, text));
}
