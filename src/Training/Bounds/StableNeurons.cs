using static TorchSharp.torch;

namespace Certsweep.Training.Bounds;

/// <summary>
/// The neurons of one ReLU layer whose state its pre-activation bounds decide (docs/method.md §4.3): active
/// where the lower bound is above 0, inactive where the upper bound is below 0; boolean masks made once and
/// shared by the ReLU statistics and the warmup regularizer.
/// </summary>
public sealed record StableNeurons(Tensor Active, Tensor Inactive)
{
    public static StableNeurons Of(IntervalBounds preActivation) => new(preActivation.Lower.gt(0), preActivation.Upper.lt(0));

    /// <summary>Share of the layer's neurons that are active, counted on the mask itself (no float copy of it).</summary>
    public Tensor ActiveShare => Share(Active);

    public Tensor InactiveShare => Share(Inactive);

    private static Tensor Share(Tensor mask) => mask.count_nonzero().to_type(ScalarType.Float64) / mask.numel();
}
