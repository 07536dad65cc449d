using Certsweep.Training.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>
/// CROWN's backward rule for convolutions and average pooling: the transposed convolution computed with forward
/// convolutions. Checked on batches (where libtorch's own transposed convolution fails for output channel counts
/// that are not multiples of 16 on this machine) against the float64 input gradient of the convolution, and its
/// gradients against autograd's double backward in float64.
/// </summary>
public sealed class TransposedConvolutionTests
{
    [Theory]
    [InlineData(2, 3, 8, 3, 1, 0, 1)]
    [InlineData(3, 8, 8, 3, 1, 1, 1)]
    [InlineData(4, 6, 8, 3, 2, 1, 2)]
    [InlineData(16, 32, 9, 4, 2, 1, 1)]
    [InlineData(6, 8, 7, 1, 2, 0, 1)]
    [InlineData(64, 64, 8, 3, 2, 1, 2)]
    [InlineData(3, 5, 10, 5, 3, 4, 1)]
    [InlineData(4, 4, 9, 2, 3, 0, 4)]
    [InlineData(2, 6, 9, 3, 2, 0, 2)]
    public void MatchesTheAdjointOfTheConvolutionAndItsGradients(int inChannels, int outChannels, int size, int kernel, int stride, int padding, int groups)
    {
        using var scope = NewDisposeScope();
        var strides = new long[] { stride, stride };
        var paddings = new long[] { padding, padding };
        var inputShape = new long[] { inChannels, size, size };
        var weight = randn(new long[] { outChannels, inChannels / groups, kernel, kernel }, ScalarType.Float64);
        var outSize = (size + 2 * padding - kernel) / stride + 1;
        var coefficients = randn(new long[] { 9, outChannels, outSize, outSize }, ScalarType.Float64);

        Tensor Adjoint(Tensor a, Tensor w, bool createGraph)
        {
            var x = zeros(new long[] { 9, inChannels, size, size }, ScalarType.Float64).requires_grad_();
            var y = nn.functional.conv2d(x, w, null, strides, paddings, groups: groups);
            return autograd.grad(new[] { y }, new[] { x }, new[] { a }, create_graph: createGraph)[0];
        }

        var truth = Adjoint(coefficients, weight, createGraph: false);
        var single = TransposedConvolution.Of(coefficients.to_type(ScalarType.Float32), weight.to_type(ScalarType.Float32), inputShape, strides, paddings, groups);
        var tolerance = 1e-5 * (1 + truth.abs().max().ToDouble());
        Assert.True((single.to_type(ScalarType.Float64) - truth).abs().max().ToDouble() <= tolerance, "float32 values differ from the adjoint");

        var direction = randn(truth.shape, ScalarType.Float64);
        var (a1, w1) = (coefficients.clone().requires_grad_(), weight.clone().requires_grad_());
        var mine = autograd.grad(new[] { (TransposedConvolution.Of(a1, w1, inputShape, strides, paddings, groups) * direction).sum() }, new[] { a1, w1 });
        var (a2, w2) = (coefficients.clone().requires_grad_(), weight.clone().requires_grad_());
        var reference = autograd.grad(new[] { (Adjoint(a2, w2, createGraph: true) * direction).sum() }, new[] { a2, w2 });
        Assert.True((mine[0] - reference[0]).abs().max().ToDouble() <= 1e-10, "coefficient gradient");
        Assert.True((mine[1] - reference[1]).abs().max().ToDouble() <= 1e-10 * (1 + reference[1].abs().max().ToDouble()), "weight gradient");
    }
}
