using Certsweep.Hyperparameters;
using Certsweep.Training.Loop;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Loop;

/// <summary>A loss that becomes NaN or infinite ends the run with the epoch, batch and term that went bad, before
/// the optimizer steps on it, and no checkpoint records the bad epoch.</summary>
public sealed class DivergenceTests : IDisposable
{
    private readonly string _root = TrainerRuns.TemporaryDirectory();

    [Fact]
    public void AnExplodingLearningRateEndsTheRunWithTheBatchAndTermThatWentBad()
    {
        using var data = TrainerRuns.Data();
        // Adam moves every weight by about the learning rate on its first step: weights of 1e30 overflow float32
        // within a layer or two of the next batch.
        var options = TrainerRuns.Options(epochs: 2).With(Parameters.LearningRate.Set(1e30), Parameters.GradientAccumulation.Set(1));
        var batches = new List<int>();
        var probe = new TrainerRuns.Probe { Batch = progress => batches.Add(progress.Batch) };
        using var trainer = new IbpTrainer(options, data, CPU, _root, probe);

        var diverged = Assert.Throws<TrainingDivergedException>(() => trainer.Run());

        Assert.Equal(1, diverged.Epoch);
        Assert.True(diverged.Batch >= 2, $"diverged at batch {diverged.Batch}, before any step with the huge learning rate");
        Assert.False(double.IsFinite(diverged.Value));
        Assert.Contains(diverged.Term, new[] { "natural_loss", "robust_loss", "tightness_loss", "relu_loss", "regularizer_loss", "loss" });
        Assert.Contains($"epoch 1, batch {diverged.Batch}: {diverged.Term} is", diverged.Message);
        // Batches before the bad one trained and were reported; the bad one was not.
        Assert.Equal(Enumerable.Range(1, diverged.Batch - 1), batches);
        Assert.Empty(probe.Reports);
        Assert.False(File.Exists(trainer.LastCheckpointPath), "a checkpoint was written for an epoch that diverged");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
