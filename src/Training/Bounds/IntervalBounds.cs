using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Bounds;

/// <summary>
/// Elementwise interval bounds of a batch of activations in centre/radius form (spec section 1):
/// every true value lies in <c>[Centre - Radius, Centre + Radius]</c>.
/// </summary>
public sealed class IntervalBounds
{
    public IntervalBounds(Tensor centre, Tensor radius)
    {
        Centre = centre;
        Radius = radius;
    }

    public Tensor Centre { get; }

    public Tensor Radius { get; }

    public Tensor Lower => Centre - Radius;

    public Tensor Upper => Centre + Radius;

    public static IntervalBounds FromLowerUpper(Tensor lower, Tensor upper) =>
        new((upper + lower) / 2, (upper - lower) / 2);

    /// <summary>Applies the same shape-only operation (flatten, reshape) to centre and radius.</summary>
    public IntervalBounds Map(Func<Tensor, Tensor> reshape) => new(reshape(Centre), reshape(Radius));
}
