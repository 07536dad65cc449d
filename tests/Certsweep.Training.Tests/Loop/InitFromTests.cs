using Certsweep.Hyperparameters;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Initialization;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using Certsweep.Training.Tests.Data;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Loop;

public sealed class InitFromTests
{
    private static readonly TrainingOptions Options = new()
    {
        Trial = TrialConfig.Of(
            Parameters.Dataset.Set(SyntheticDataset.Name),
            Parameters.TrainLimit.Set(32),
            Parameters.TestLimit.Set(8),
            Parameters.Model.Set(CnnFourLayerBn.Name),
            Parameters.Eps.Set(0.1),
            Parameters.Warmup.Set(1),
            Parameters.Epochs.Set(1),
            Parameters.BatchSize.Set(16),
            Parameters.Seed.Set(3)),
    };

    [Fact]
    public void TrainingStartsFromThePyTorchWeightsAndLaterResumesItsOwnCheckpoint()
    {
        using var directory = new TemporaryDirectory();
        var weights = directory.Combine("start.pt");
        using var data = DatasetCatalog.Load(Options.DatasetRequest);
        using (var start = ModelZoo.Create(CnnFourLayerBn.Name, SyntheticDataset.Shape, 10))
        {
            using var generator = new Generator(99);
            DefaultInitialization.Apply(start, generator);
            PyTorchStateDict.Save(start, weights);
        }

        using var expected = ModelZoo.Create(CnnFourLayerBn.Name, SyntheticDataset.Shape, 10);
        PyTorchStateDict.Load(expected, weights);
        var options = Options with { InitFrom = weights };
        using (var trainer = new IbpTrainer(options, data, CPU, directory.Combine("run")))
        {
            AssertSameWeights(expected, trainer.Network, same: true);
            Assert.Equal(TrainingOutcomeKind.Completed, trainer.Run().Kind);
        }

        using var resumed = new IbpTrainer(options.With(Parameters.Epochs.Set(2)), data, CPU, directory.Combine("run"));
        Assert.Equal(1, resumed.ResumedFromEpoch);
        AssertSameWeights(expected, resumed.Network, same: false);
    }

    [Fact]
    public void MissingFileIsACheckpointError()
    {
        using var directory = new TemporaryDirectory();
        using var data = DatasetCatalog.Load(Options.DatasetRequest);
        var error = Assert.Throws<CheckpointException>(() => new IbpTrainer(Options with { InitFrom = directory.Combine("nope.pt") }, data, CPU, directory.Path));
        Assert.Contains("nope.pt' does not exist", error.Message);
    }

    private static void AssertSameWeights(Network expected, Network actual, bool same)
    {
        var reference = expected.state_dict();
        var equal = actual.state_dict().All(e => e.Value.eq(reference[e.Key]).all().item<bool>());
        Assert.Equal(same, equal);
    }
}
