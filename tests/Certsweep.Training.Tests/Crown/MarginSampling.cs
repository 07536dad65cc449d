using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>True margins of points drawn from an input box, evaluated with the BatchNorm statistics of the
/// bounded pass replayed in training mode (the function the bounds are about).</summary>
internal static class MarginSampling
{
    /// <summary>[points, B, ...]: per image half random corners of the box, half uniform interior points.</summary>
    public static Tensor Points(IntervalBounds box, int points, Generator generator)
    {
        var shape = new long[] { points }.Concat(box.Centre.shape).ToArray();
        var fractions = rand(shape, dtype: box.Centre.dtype, generator: generator);
        var corners = fractions.narrow(0, 0, points / 2).gt(0.5).to_type(box.Centre.dtype);
        var mixed = cat(new[] { corners, fractions.narrow(0, points / 2, points - points / 2) }, 0);
        return box.Lower.unsqueeze(0) + (box.Upper - box.Lower).unsqueeze(0) * mixed;
    }

    /// <summary>Every corner of a box of one image with n inputs, [2^n, 1, ...].</summary>
    public static Tensor AllCorners(IntervalBounds box)
    {
        var n = box.Centre.numel();
        var codes = arange(1L << (int)n).unsqueeze(1).bitwise_right_shift(arange(n).unsqueeze(0)).bitwise_and(1).to_type(box.Centre.dtype);
        var shape = new long[] { 1L << (int)n }.Concat(box.Centre.shape).ToArray();
        return box.Lower.unsqueeze(0) + (box.Upper - box.Lower).unsqueeze(0) * codes.view(shape);
    }

    /// <summary>Margins <c>z_y - z_j</c> (j != y, ascending) of <paramref name="points"/> [P, B, ...], shape [P, B, K-1].</summary>
    public static Tensor Margins(Network network, Tensor points, Tensor labels, BatchStatistics statistics)
    {
        using var noGrad = no_grad();
        statistics.Replay = true;
        var (count, batch) = (points.shape[0], points.shape[1]);
        var logits = network.Evaluate(points.flatten(0, 1), null, null, new PropagationContext { Statistics = statistics }).Logits!
            .view(count, batch, network.Classes);
        var own = logits.gather(2, labels.view(1, batch, 1).expand(count, batch, 1));
        var keep = nn.functional.one_hot(labels, network.Classes).logical_not().unsqueeze(0).expand(count, batch, network.Classes);
        return (own - logits).masked_select(keep).view(count, batch, network.Classes - 1);
    }

    /// <summary>Asserts every margin is at least its lower bound (up to float tolerance) and returns the
    /// smallest slack seen.</summary>
    public static double AssertAbove(Tensor margins, Tensor lower, string what)
    {
        var scale = 1 + lower.abs().max().item<float>();
        var slack = (margins - lower.unsqueeze(0)).min().ToDouble();
        Assert.True(lower.isfinite().all().item<bool>(), $"{what}: a margin bound is not finite");
        Assert.True(slack >= -1e-4 * scale, $"{what}: a sampled margin is below its lower bound by {-slack:G3} (bounds up to {scale - 1:G3})");
        return slack;
    }
}
