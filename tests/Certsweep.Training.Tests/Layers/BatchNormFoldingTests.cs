using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Regularization;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Layers;

/// <summary>
/// Folding a BatchNorm into the Linear/Conv2d layer before it is an optimisation only: bounds, losses and
/// every parameter gradient agree with propagating the two layers one after the other.
/// </summary>
public sealed class BatchNormFoldingTests
{
    [Theory]
    [InlineData("convolutional", true)]
    [InlineData("convolutional", false)]
    [InlineData("fully-connected", true)]
    public void FoldedAndLayerByLayerPropagationAgree(string name, bool training)
    {
        using var scope = NewDisposeScope();
        var images = RandomNetworks.Images(6, seed: 31);
        var labels = RandomNetworks.Labels(6, seed: 32);
        var box = InputBox.Around(images, eps: 0.05, RandomNetworks.Normalization);

        (Tensor Margins, Tensor Loss, Tensor[] Gradients) Run(BatchNormFolding folding)
        {
            using var network = RandomNetworks.Build(name, seed: 33);
            network.train(training);
            var context = new PropagationContext { FoldBatchNorm = folding };
            var output = network.Evaluate(images, box, labels, context);
            var regularizer = WarmupRegularizer.Compute(box, context.ReluInputs, 0.5);
            var loss = MarginBounds.RobustLoss(output.MarginLower!) + regularizer.Sum;
            loss.backward();
            return (output.MarginLower!.detach(), loss.detach(), network.parameters().Select(p => p.grad!.clone()).ToArray());
        }

        var folded = Run(BatchNormFolding.Always);
        var layered = Run(BatchNormFolding.Never);
        AssertClose(layered.Margins, folded.Margins, "margin lower bounds");
        AssertClose(layered.Loss, folded.Loss, "loss");
        Assert.Equal(layered.Gradients.Length, folded.Gradients.Length);
        // Compared on the scale of all gradients: a bias right before a training-mode BatchNorm has a
        // gradient of exactly zero in exact arithmetic, so its own scale is rounding noise.
        var scale = layered.Gradients.Max(g => g.abs().max().item<float>());
        for (var i = 0; i < folded.Gradients.Length; i++)
        {
            AssertClose(layered.Gradients[i], folded.Gradients[i], $"gradient of parameter {i}", scale);
        }
    }

    [Fact]
    public void FoldingWhereCheaperSkipsALinearLayerWiderThanItsOutput()
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build("fully-connected", seed: 34);
        network.train();
        var images = RandomNetworks.Images(6, seed: 35);
        var box = InputBox.Around(images, eps: 0.05, RandomNetworks.Normalization);
        var observed = new List<(BoundedLayer Layer, Activation Output)>();
        network.Evaluate(images, box, RandomNetworks.Labels(6, seed: 36), new PropagationContext { LayerObserver = (layer, output) => observed.Add((layer, output)) });
        // 128 -> 12 with batch 6: the weight (1,536) outweighs the output (72), so it keeps its own bounds;
        // the residual block's 12 -> 12 layer (144 weights, 72 outputs) too.
        Assert.All(observed.Where(o => o.Layer is AffineLayer && !ReferenceEquals(o.Layer, network.Classifier)), o => Assert.NotNull(o.Output.Bounds));
    }

    [Fact]
    public void ChannelMomentsMatchVarMeanAndItsGradient()
    {
        using var scope = NewDisposeScope();
        foreach (var shape in new[] { new long[] { 7, 3, 5, 4 }, new long[] { 9, 6 } })
        {
            var dims = shape.Length == 2 ? new[] { 0L } : new[] { 0L, 2L, 3L };
            var x1 = (randn(shape) * 2 + 1).requires_grad_();
            var x2 = x1.detach().clone().requires_grad_();
            var (variance1, mean1) = var_mean(x1, dims, unbiased: false);
            var (mean2, variance2) = ChannelMoments.Of(x2);
            var meanWeights = randn(shape[1]);
            var varianceWeights = randn(shape[1]);
            ((mean1 * meanWeights).sum() + (variance1 * varianceWeights).sum()).backward();
            ((mean2 * meanWeights).sum() + (variance2 * varianceWeights).sum()).backward();
            AssertClose(mean1, mean2, "mean");
            AssertClose(variance1, variance2, "variance");
            AssertClose(x1.grad!, x2.grad!, "input gradient");
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what, float? scaleOverride = null)
    {
        var scale = scaleOverride ?? expected.abs().max().item<float>();
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 2e-5 * Math.Max(scale, 1e-3), $"{what}: differs by {difference:G3} (scale {scale:G3})");
    }
}
