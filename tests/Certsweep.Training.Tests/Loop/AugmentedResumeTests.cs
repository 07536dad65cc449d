using Certsweep.Hyperparameters;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using Certsweep.Training.Tests.Data;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Loop;

/// <summary>
/// Exact resume with augmentation and prefetching: on CIFAR-format files (crop and flip drawn from the seed,
/// epoch and batch, batches built on the prefetch thread), training straight through and training with a
/// suspension in the middle of an epoch end with identical weights.
/// </summary>
public sealed class AugmentedResumeTests
{
    [Fact]
    public void SuspendingMidEpochAndResumingGivesIdenticalWeights()
    {
        using var directory = new TemporaryDirectory();
        CifarFiles.Create(perTrainFile: 8, test: 8, seed: 11).WriteFiles(directory.Combine("cifar10"));
        var options = new TrainingOptions
        {
            Trial = TrialConfig.Of(
                Parameters.Dataset.Set(DatasetCatalog.Cifar10),
                Parameters.Model.Set(CnnFourLayerBn.Name),
                Parameters.Eps.Set(2.0 / 255),
                Parameters.ScheduleStart.Set(1),
                Parameters.Warmup.Set(1),
                Parameters.Epochs.Set(2),
                Parameters.LrMilestones.Set([2]),
                Parameters.BatchSize.Set(8),
                Parameters.Seed.Set(5)),
            DataRoot = directory.Path,
        };
        using var data = DatasetCatalog.Load(options.DatasetRequest);
        Assert.False(data.Train.Augmentation.IsIdentity);

        var straight = Train(options, data, directory.Combine("straight"), suspendAfter: null);
        var suspended = Train(options, data, directory.Combine("resumed"), suspendAfter: (2, 3));
        Assert.Equal(TrainingOutcomeKind.Suspended, suspended.Outcome);
        var resumed = Train(options, data, directory.Combine("resumed"), suspendAfter: null);

        Assert.Equal(TrainingOutcomeKind.Completed, straight.Outcome);
        Assert.Equal(TrainingOutcomeKind.Completed, resumed.Outcome);
        Assert.Equal(straight.Weights.Keys, resumed.Weights.Keys);
        foreach (var (key, weight) in straight.Weights)
        {
            Assert.True(weight.SequenceEqual(resumed.Weights[key]), $"{key} differs after resume");
        }
    }

    private static (TrainingOutcomeKind Outcome, Dictionary<string, float[]> Weights) Train(
        TrainingOptions options, DataSplit data, string directory, (int Epoch, int Batch)? suspendAfter)
    {
        using var suspend = new CancellationTokenSource();
        using var trainer = new IbpTrainer(options, data, CPU, directory, new SuspendingObserver(suspend, suspendAfter));
        var outcome = trainer.Run(suspend: suspend.Token);
        var weights = trainer.Network.state_dict()
            .Where(e => e.Value.dtype == ScalarType.Float32)
            .ToDictionary(e => e.Key, e => e.Value.data<float>().ToArray());
        return (outcome.Kind, weights);
    }

    private sealed class SuspendingObserver(CancellationTokenSource suspend, (int Epoch, int Batch)? after) : ITrainingObserver
    {
        public void OnEpoch(EpochReport report)
        {
        }

        public void OnBatch(BatchProgress progress)
        {
            if (after is { } at && progress.Epoch == at.Epoch && progress.Batch == at.Batch)
            {
                suspend.Cancel();
            }
        }
    }
}
