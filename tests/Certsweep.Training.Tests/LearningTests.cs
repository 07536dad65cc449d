using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests;

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
            Dataset = DatasetCatalog.FashionMnist,
            TrainLimit = 1200,
            TestLimit = 500,
            Model = CnnFourLayerBn.Name,
            Method = TrainingMethod.Fast,
            Eps = 0.02,
            ScheduleStart = 1,
            ScheduleLength = 2,
            Epochs = 4,
            LearningRate = 1e-3,
            LrMilestones = new[] { 10 },
            BatchSize = 50,
            Seed = 1,
        };
        using var data = DatasetCatalog.Load(options.DatasetRequest);
        var probe = new TrainerRuns.Probe();
        using var trainer = new IbpTrainer(options, data, CPU, _root, probe);
        var untrained = trainer.Test(options.Eps, regularize: false).VerifiedError!.Value;

        var outcome = trainer.Run();

        Assert.Equal(TrainingOutcomeKind.Completed, outcome.Kind);
        var trained = probe.Reports[^1].Test;
        Assert.Equal(options.Eps, probe.Reports[^1].Eps);
        Assert.True(untrained >= 0.8, $"the untrained network already verifies {1 - untrained:P1}; the comparison is too easy");
        Assert.True(trained.VerifiedError <= untrained - 0.35, $"verified error {trained.VerifiedError:P1} after training, {untrained:P1} before");
        Assert.True(trained.CleanError <= 0.35, $"clean error {trained.CleanError:P1}");
        Assert.NotNull(outcome.Best);
        Assert.True(File.Exists(trainer.BestCheckpointPath));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
