using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Bounds;

/// <summary>
/// Elementwise interval bounds of a batch of activations in centre/radius form (docs/method.md §1):
/// every true value lies in <c>[Lower, Upper]</c>, <c>Lower = Centre - Radius</c>, <c>Upper = Centre + Radius</c>.
/// Lower and upper are computed once, on first use, and kept (ReLU, the regularizers and the ReLU
/// statistics all read them); bounds built from lower and upper keep those exact tensors.
/// </summary>
public sealed class IntervalBounds
{
    private Tensor? _lower;
    private Tensor? _upper;

    public IntervalBounds(Tensor centre, Tensor radius)
    {
        Centre = centre;
        Radius = radius;
    }

    private IntervalBounds(Tensor centre, Tensor radius, Tensor lower, Tensor upper) : this(centre, radius)
    {
        _lower = lower;
        _upper = upper;
    }

    public Tensor Centre { get; }

    public Tensor Radius { get; }

    public Tensor Lower => _lower ??= Centre - Radius;

    public Tensor Upper => _upper ??= Centre + Radius;

    public static IntervalBounds FromLowerUpper(Tensor lower, Tensor upper) =>
        new((upper + lower).div_(2), (upper - lower).div_(2), lower, upper);

    /// <summary>Applies the same shape-only operation (flatten, reshape) to centre and radius.</summary>
    public IntervalBounds Map(Func<Tensor, Tensor> reshape) => new(reshape(Centre), reshape(Radius));
}
