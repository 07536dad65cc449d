using Certsweep.Training.Bounds;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Layers;

/// <summary>Average pooling: an affine map with non-negative weights, so centre and radius are both
/// pooled (<c>|W| = W</c>). It is a per-channel convolution with weight <c>1/k²</c> (padding counted, as
/// PyTorch's default), so its CROWN rule is that convolution transposed.</summary>
public sealed class AvgPool2dLayer : BoundedLayer
{
    private readonly long[] _kernel;
    private readonly long[] _stride;
    private readonly long[] _padding;

    public AvgPool2dLayer(long kernelSize, long? stride = null, long padding = 0) : base(nameof(AvgPool2dLayer))
    {
        _kernel = new[] { kernelSize, kernelSize };
        _stride = new[] { stride ?? kernelSize, stride ?? kernelSize };
        _padding = new[] { padding, padding };
    }

    private Tensor Pool(Tensor input) => F.avg_pool2d(input, _kernel, _stride, _padding);

    protected override Activation PropagateCore(Activation input, PropagationContext context) =>
        input.Map(Pool, bounds => bounds.Map(Pool));

    internal override LinearBound Backward(LinearBound output, BackwardPass pass)
    {
        var inputShape = pass.InputShape(this);
        var coefficients = output.CoefficientsAsBatch;
        var weight = full(new[] { inputShape[0], 1, _kernel[0], _kernel[1] }, 1.0 / (_kernel[0] * _kernel[1]), coefficients.dtype, coefficients.device);
        return output.WithBatched(TransposedConvolution.Of(coefficients, weight, inputShape, _stride, _padding, inputShape[0]), null);
    }
}
