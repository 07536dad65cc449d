using Certsweep.Client.Specs;
using Certsweep.Contracts;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Tests;

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

    private static readonly SweepSpec Full = new()
    {
        Name = "full",
        Dataset = KnownDatasets.Cifar10,
        TrainLimit = 1000,
        TestLimit = null,
        Eps = 8.0 / 255,
        Epochs = 100,
        Schedule = new EpsScheduleSpec { Kind = ScheduleKind.Linear, Start = 3, Mid = 0.3, Beta = 3 },
        BatchSize = 128,
        GradientAccumulation = 2,
        LearningRate = 1e-3,
        LrMilestones = [60, 80],
        Axes = new SweepAxes
        {
            Lambda = NumberAxis.Of(0.2, 0.5),
            Warmup = WarmupAxis.Of(new WarmupSetting(20), new WarmupSetting(40, 5)),
            Model = [KnownModels.Cnn, KnownModels.ResNeXt],
            Method = [MethodKind.Vanilla, MethodKind.Fast],
            Seed = [1, 2],
        },
        Search = new SearchSpec { Kind = SearchKind.Grid },
        MaxConcurrency = 4,
        Retries = 3,
        EarlyStopping = new EarlyStoppingSpec { Patience = 15, MinDelta = 0.002 },
    };

    [Fact]
    public void Yaml_binds_every_key_to_the_expected_record()
    {
        var result = SweepSpecLoader.Parse(FullYaml, SpecFormat.Yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        Assert.Equal(SpecJson.Of(Full), SpecJson.Of(result.Spec));
    }

    [Fact]
    public void Json_of_the_same_spec_gives_an_equal_record()
    {
        var yaml = SweepSpecLoader.Parse(FullYaml, SpecFormat.Yaml);
        var json = SweepSpecLoader.Parse(FullJson, SpecFormat.Json);

        Assert.True(json.IsValid, string.Join("\n", json.Problems.Select(p => p.Message)));
        Assert.Equal(SpecJson.Of(yaml.Spec), SpecJson.Of(json.Spec));
    }

    [Fact]
    public void The_quick_example_in_yaml_and_json_gives_equal_records()
    {
        var yaml = SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Examples, "fashion-mnist-quick.yaml"));
        var json = SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Examples, "fashion-mnist-quick.json"));

        Assert.True(yaml.IsValid && json.IsValid);
        Assert.Equal(SpecJson.Of(yaml.Spec), SpecJson.Of(json.Spec));
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
        SweepSpec Load(string name) => SweepSpecLoader.LoadFile(Path.Combine(RepositoryFiles.Examples, name)).Spec!;

        var mnist = Load("mnist.yaml");
        Assert.Equal((0.4, 256, 1, 70, 1), (mnist.Eps, mnist.BatchSize, mnist.Schedule.Start, mnist.Epochs, mnist.GradientAccumulation));
        Assert.Equal([50, 60], mnist.LrMilestones);
        Assert.Equal(20, Assert.Single(mnist.Axes.Warmup.Values!).Length);

        var cifar = Load("cifar10.yaml");
        Assert.Equal((8.0 / 255, 128, 2, 160), (cifar.Eps, cifar.BatchSize, cifar.Schedule.Start, cifar.Epochs));
        Assert.Equal([120, 140], cifar.LrMilestones);
        Assert.Equal(80, Assert.Single(cifar.Axes.Warmup.Values!).Length);
        Assert.Equal([KnownModels.Cnn, KnownModels.WideResNet8, KnownModels.ResNeXt], cifar.Axes.Model);

        var tiny = Load("tiny-imagenet.yaml");
        Assert.Equal((1.0 / 255, 128, 2, 2, 80), (tiny.Eps, tiny.BatchSize, tiny.GradientAccumulation, tiny.Schedule.Start, tiny.Epochs));
        Assert.Equal([61, 71], tiny.LrMilestones);
        Assert.Equal(20, Assert.Single(tiny.Axes.Warmup.Values!).Length);
        Assert.Equal([KnownModels.CnnImageNet, KnownModels.WideResNetImageNet64, KnownModels.ResNeXtImageNet64], tiny.Axes.Model);
        Assert.All(tiny.Axes.Lambda.Values!, l => Assert.InRange(l, 0.1, 0.2));

        // The paper trains every epoch; early stopping is ours.
        Assert.All(new[] { mnist, cifar, tiny }, spec => Assert.Null(spec.EarlyStopping));
    }

    [Theory]
    [InlineData(70, new[] { 50, 60 })]
    [InlineData(55, new[] { 50 })]
    [InlineData(10, new int[0])]
    public void Left_out_lr_milestones_are_the_defaults_the_run_reaches(int epochs, int[] milestones)
    {
        var result = SweepSpecLoader.Parse($"dataset: mnist\neps: 0.1\nepochs: {epochs}\naxes: {{warmup: 5}}\n", SpecFormat.Yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => p.Message)));
        Assert.Equal(milestones, result.Spec!.LrMilestones);
    }

    [Fact]
    public void A_single_value_is_an_axis_of_one()
    {
        var single = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\naxes: {lambda: 0.5, warmup: 5, model: cnn, method: fast, seed: 7}\n", SpecFormat.Yaml);
        var lists = SweepSpecLoader.Parse("dataset: mnist\neps: 0.1\nepochs: 10\naxes: {lambda: [0.5], warmup: [5], model: [cnn], method: [fast], seed: [7]}\n", SpecFormat.Yaml);

        Assert.True(single.IsValid && lists.IsValid);
        Assert.Equal(SpecJson.Of(lists.Spec), SpecJson.Of(single.Spec));
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
        Assert.Equal(new Distribution(DistributionKind.LogUniform, 0.01, 1), result.Spec.Axes.Lambda.Distribution);
        Assert.Equal(new Distribution(DistributionKind.IntUniform, 5, 20), result.Spec.Axes.Warmup.Length);
        Assert.Null(result.Spec.Axes.Lambda.Values);
        Assert.Equal(new SearchSpec { Kind = SearchKind.Random, Trials = 12, Seed = 5 }, result.Spec.Search);
    }

    [Fact]
    public void Omitted_keys_take_the_paper_defaults()
    {
        var result = SweepSpecLoader.Parse("{\"dataset\": \"mnist\", \"eps\": 0.4, \"epochs\": 70}", SpecFormat.Json);

        Assert.True(result.IsValid);
        Assert.Equal(SpecJson.Of(new SweepSpec { Dataset = KnownDatasets.Mnist, Eps = 0.4, Epochs = 70 }), SpecJson.Of(result.Spec));
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
        Assert.Equal([10], result.Spec.LrMilestones);
    }

    [Theory]
    [InlineData("spec.json", "dataset: mnist", SpecFormat.Json)]
    [InlineData("spec.yml", "{\"dataset\": 1}", SpecFormat.Yaml)]
    [InlineData("-", "  {\"dataset\": \"mnist\"}", SpecFormat.Json)]
    [InlineData("spec", "dataset: mnist", SpecFormat.Yaml)]
    public void The_format_follows_the_extension_else_the_content(string path, string text, SpecFormat expected) =>
        Assert.Equal(expected, SweepSpecLoader.FormatOf(path, text));
}
