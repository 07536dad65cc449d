using Certsweep.Training.Bounds;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Layers;

/// <summary>2-D convolution with square kernel, stride, zero padding and groups, weight
/// [out, in/groups, k, k] as in PyTorch's nn.Conv2d. Its transpose (CROWN's backward rule) is the transposed
/// convolution with the same weight, stride, padding and groups; in patch form, each row's window is transposed
/// on its own (docs/method.md §8, "Patches").</summary>
public sealed class Conv2dLayer : AffineLayer
{
    private readonly long[] _stride;
    private readonly long[] _padding;

    public Conv2dLayer(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long groups = 1, bool hasBias = true)
        : base(nameof(Conv2dLayer), new[] { outChannels, inChannels / groups, kernelSize, kernelSize }, outChannels, hasBias)
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"Channels {inChannels}->{outChannels} are not divisible by groups={groups}.");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Groups = groups;
        _stride = new[] { stride, stride };
        _padding = new[] { padding, padding };
    }

    public long InChannels { get; }

    public long OutChannels { get; }

    public long KernelSize { get; }

    public long Stride { get; }

    public long Padding { get; }

    public long Groups { get; }

    public override long FanIn => InChannels / Groups * KernelSize * KernelSize;

    public override long OutputElements(long[] inputShape) => inputShape[0] * OutChannels * OutputSize(inputShape[2]) * OutputSize(inputShape[3]);

    /// <summary>Output size along one spatial dimension for an input of size <paramref name="inputSize"/> there.</summary>
    public long OutputSize(long inputSize) => (inputSize + 2 * Padding - KernelSize) / Stride + 1;

    protected internal override Tensor Apply(Tensor input, Tensor weight, Tensor? bias) =>
        F.conv2d(input, weight, bias, _stride, _padding, groups: Groups);

    /// <summary>With a stride above 1 several input sizes give the same output size: the recorded input
    /// shape says which.</summary>
    protected internal override Tensor ApplyTransposed(Tensor coefficients, long[] inputShape) =>
        TransposedConvolution.Of(coefficients, Weight, inputShape, _stride, _padding, Groups);

    internal override bool TakesPatches => true;

    /// <summary>
    /// In patch form a window of side K on this layer's output is the full transposed convolution of that window
    /// alone, a window of side <c>(K - 1) stride + kernel</c> on the input; its entries outside the input map are
    /// zeroed (they stand for padding). Once a window is as large as the whole input map, the bound is written out.
    /// </summary>
    internal override LinearBound Backward(LinearBound output, BackwardPass pass)
    {
        if (output.Grid is not { } grid)
        {
            return base.Backward(output, pass);
        }

        var inputShape = pass.InputShape(this);
        var window = (output.Window - 1) * Stride + KernelSize;
        var transposed = TransposedConvolution.Of(output.CoefficientsAsBatch, Weight, new[] { InChannels, window, window }, _stride, new[] { 0L, 0L }, Groups);
        var input = grid.Through(Stride, Padding, inputShape[1], inputShape[2]);
        var coefficients = transposed.unflatten(0, new[] { output.Batch, output.Rows }) * input.Mask(window, transposed.dtype, transposed.device);
        var offset = Bias is null ? output.Offset : output.Offset + output.ChannelSums().matmul(Bias);
        var bound = new LinearBound(coefficients, offset, input);
        return window * window >= inputShape[1] * inputShape[2] ? bound.ToDense() : bound;
    }
}
