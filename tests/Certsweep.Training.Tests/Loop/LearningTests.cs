using Certsweep.Hyperparameters;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Loop;

/// <summary>
/// The trainer learns a certifiably robust classifier: a few epochs of the fast method on a Fashion-MNIST
/// subset (Debian's dataset-fashion-mnist, which scripts/setup.sh installs) bring the verified error at the
/// training eps far below the untrained network's.
/// </summary>
public sealed class LearningTests : IDisposable
{
    private readonly string _root = TrainerRuns.TemporaryDirectory();

    [Fact]
    public void FastMethodOnAFashionMnistSubsetCutsTheVerifiedError()
    {
        var options = new TrainingOptions
        {
            Trial = TrialConfig.Of(
                Parameters.Dataset.Set(DatasetCatalog.FashionMnist),
                Parameters.TrainLimit.Set(1200),
                Parameters.TestLimit.Set(500),
                Parameters.Model.Set(CnnFourLayerBn.Name),
                Parameters.Method.Set("fast"),
                Parameters.Eps.Set(0.02),
                Parameters.ScheduleStart.Set(1),
                Parameters.Warmup.Set(2),
                Parameters.Epochs.Set(4),
                Parameters.LearningRate.Set(1e-3),
                Parameters.LrMilestones.Set([]),
                Parameters.BatchSize.Set(50),
                Parameters.Seed.Set(1)),
        };
        using var data = DatasetCatalog.Load(options.DatasetRequest);
        var probe = new TrainerRuns.Probe();
        using var trainer = new IbpTrainer(options, data, CPU, _root, probe);
        var untrained = trainer.Test(options.Get(Parameters.Eps), regularize: false).VerifiedError!.Value;

        var outcome = trainer.Run();

        Assert.Equal(TrainingOutcomeKind.Completed, outcome.Kind);
        var trained = probe.Reports[^1].Test;
        Assert.Equal(options.Get(Parameters.Eps), probe.Reports[^1].Eps);
        Assert.True(untrained >= 0.8, $"the untrained network already verifies {1 - untrained:P1}; the comparison is too easy");
        Assert.True(trained.VerifiedError <= untrained - 0.35, $"verified error {trained.VerifiedError:P1} after training, {untrained:P1} before");
        Assert.True(trained.CleanError <= 0.35, $"clean error {trained.CleanError:P1}");
        Assert.NotNull(outcome.Best);
        Assert.True(File.Exists(trainer.BestCheckpointPath));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
