using static TorchSharp.torch;

namespace Certsweep.Training.Bounds;

/// <summary>
/// The neurons of one ReLU layer whose state its pre-activation bounds decide (spec section 4.3): active
/// where the lower bound is above 0, inactive where the upper bound is below 0; 0/1 masks in the bounds'
/// dtype, made once and shared by the ReLU statistics and the warmup regularizer.
/// </summary>
public sealed record StableNeurons(Tensor Active, Tensor Inactive)
{
    public static StableNeurons Of(IntervalBounds preActivation)
    {
        var dtype = preActivation.Centre.dtype;
        return new(preActivation.Lower.gt(0).to_type(dtype), preActivation.Upper.lt(0).to_type(dtype));
    }
}
