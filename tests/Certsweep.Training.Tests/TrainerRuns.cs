using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests;

/// <summary>Small trials on the synthetic data set, and what tests read from them.</summary>
internal static class TrainerRuns
{
    public static TrainingOptions Options(int epochs = 2) => new()
    {
        Trial = TrialConfig.Of(
            Parameters.Dataset.Set(SyntheticDataset.Name),
            Parameters.Model.Set(CnnFourLayerBn.Name),
            Parameters.Method.Set("fast"),
            Parameters.Eps.Set(0.05),
            Parameters.ScheduleStart.Set(1),
            Parameters.Warmup.Set(epochs),
            Parameters.Epochs.Set(epochs),
            Parameters.LrMilestones.Set([1]),
            Parameters.BatchSize.Set(32),
            Parameters.GradientAccumulation.Set(2),
            Parameters.Seed.Set(5)),
    };

    /// <summary><paramref name="options"/> written with components instead of a method preset (the fast method's unless
    /// <paramref name="components"/> say otherwise), so that a component may differ from what a preset sets.</summary>
    public static TrainingOptions WithComponents(TrainingOptions options, params KeyValuePair<Parameter, ParameterValue>[] components) =>
        options with { Trial = TrialConfig.Resolve(options.Trial.Values.Without(Parameters.Method)).With(components) };

    public static DataSplit Data() => SyntheticDataset.Create(trainCount: 150, testCount: 64);

    /// <summary>Every parameter and buffer, by name, copied out.</summary>
    public static Dictionary<string, Tensor> State(Network network) =>
        network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());

    public static void AssertIdentical(Dictionary<string, Tensor> expected, Dictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, value) in expected)
        {
            Assert.True(value.eq(actual[name]).all().item<bool>(), $"{name} differs");
        }
    }

    public static string TemporaryDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "certsweep-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Calls back on every finished epoch and batch, on the training thread.</summary>
    public sealed class Probe : ITrainingObserver
    {
        public Action<EpochReport>? Epoch { get; init; }

        public Action<BatchProgress>? Batch { get; init; }

        public List<EpochReport> Reports { get; } = new();

        public void OnEpoch(EpochReport report)
        {
            Reports.Add(report);
            Epoch?.Invoke(report);
        }

        public void OnBatch(BatchProgress progress) => Batch?.Invoke(progress);
    }
}
