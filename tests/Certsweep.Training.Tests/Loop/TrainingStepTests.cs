using Certsweep.Hyperparameters;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Loop;

/// <summary>Gradient accumulation (docs/method.md §5): k micro-batches give the whole batch's gradient.</summary>
public sealed class TrainingStepTests
{
    [Theory]
    [InlineData(4, 9)]
    [InlineData(3, 12)]
    public void AccumulatedMicroBatchesStepLikeTheWholeBatch(int accumulation, int batch)
    {
        using var scope = NewDisposeScope();
        var images = RandomNetworks.Images(batch, seed: 61);
        var labels = RandomNetworks.Labels(batch, seed: 62);

        Dictionary<string, Tensor> StepWith(int k, bool robust)
        {
            // Eval mode: BatchNorm does not depend on the batch, so the mean loss over the whole batch
            // splits exactly into its parts weighted by their sizes.
            var network = RandomNetworks.Build("convolutional", seed: 63);
            network.eval();
            var optimizer = optim.SGD(network.parameters(), learningRate: 1.0);
            var objective = new CertifiedObjective(network, RandomNetworks.Normalization, TrainerRuns.Options().With(Parameters.Eps.Set(0.2)));
            var step = new TrainingStep(network, optimizer, objective, k, clipNorm: 1e9);
            // The robust loss is a mean over samples too; the regularizers are not (ratios of batch means,
            // computed per micro-batch as in the reference), so they are left out here.
            var measurements = step.Run(images, labels, robust ? 0.05 : 0, regularize: false, epoch: 1, batch: 1);
            Assert.Equal(k, measurements.Count);
            Assert.Equal(batch, measurements.Sum(m => m.Samples));
            Assert.All(measurements, m => Assert.True(m.Samples >= 2));
            return TrainerRuns.State(network);
        }

        foreach (var robust in new[] { false, true })
        {
            var whole = StepWith(1, robust);
            var accumulated = StepWith(accumulation, robust);
            foreach (var (name, value) in whole)
            {
                // float32 sums in another order: equal up to a few ulps of the values' magnitude.
                var difference = (value.to_type(ScalarType.Float64) - accumulated[name].to_type(ScalarType.Float64)).abs().max().item<double>();
                var magnitude = Math.Max(1, value.to_type(ScalarType.Float64).abs().max().item<double>());
                Assert.True(difference <= 1e-5 * magnitude, $"{name} differs by {difference:G3} at magnitude {magnitude:G3} (robust: {robust})");
            }
        }
    }
}
