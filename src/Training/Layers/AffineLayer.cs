using Certsweep.Training.Bounds;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>
/// A layer with a weight tensor (2+ dims) and an optional bias: Linear and Conv2d. Its interval rule is the
/// affine one of docs/method.md §1: <c>c' = W c + b</c>, <c>r' = |W| r</c>. Its CROWN rule (docs/method.md §8)
/// is the transposed map: <c>A' = A W</c>, <c>b' = b + A bias</c>.
/// </summary>
public abstract class AffineLayer : BoundedLayer
{
    [ComponentName(Name = "weight")]
    private Parameter _weight;

    [ComponentName(Name = "bias")]
    private Parameter? _bias;

    protected AffineLayer(string name, long[] weightShape, long biasSize, bool hasBias) : base(name)
    {
        _weight = new Parameter(empty(weightShape));
        register_parameter("weight", _weight);
        if (hasBias)
        {
            _bias = new Parameter(empty(biasSize));
            register_parameter("bias", _bias);
        }
    }

    public Parameter Weight => _weight;

    public Parameter? Bias => _bias;

    /// <summary>Inputs feeding one output: in_features, or in_channels/groups * kernel area.</summary>
    public abstract long FanIn { get; }

    /// <summary>Shape that views a per-output-channel vector against the weight: [-1, 1, ...].</summary>
    internal long[] OutputChannelShape => new long[] { -1 }.Concat(Enumerable.Repeat(1L, (int)_weight.dim() - 1)).ToArray();

    /// <summary>Number of values this layer outputs for an input of the given shape.</summary>
    public abstract long OutputElements(long[] inputShape);

    /// <summary>This layer's map with the given weight and bias (the interval rule applies it twice).</summary>
    protected internal abstract Tensor Apply(Tensor input, Tensor weight, Tensor? bias);

    /// <summary>The transpose of this layer's linear part (no bias) applied to <paramref name="coefficients"/>
    /// [N, *output shape], giving [N, *<paramref name="inputShape"/>].</summary>
    protected internal abstract Tensor ApplyTransposed(Tensor coefficients, long[] inputShape);

    protected override Activation PropagateCore(Activation input, PropagationContext context) =>
        input.Map(
            clean => Apply(clean, _weight, _bias),
            bounds => new(Apply(bounds.Centre, _weight, _bias), Apply(bounds.Radius, _weight.abs(), null)));

    internal override LinearBound Backward(LinearBound output, BackwardPass pass) =>
        output.WithBatched(
            ApplyTransposed(output.CoefficientsAsBatch, pass.InputShape(this)),
            _bias is null ? null : output.ChannelSums().matmul(_bias));
}
