using Certsweep.Training.Data;
using static TorchSharp.torch;

namespace Certsweep.Training.Bounds;

/// <summary>
/// The L-infinity ball of radius eps (raw pixel units) around a normalized batch, clipped to the valid
/// pixel range, expressed in normalized space: per channel <c>eps / std[c]</c>, clipped to
/// <c>[(0-mean)/std, (1-mean)/std]</c> (docs/method.md §1).
/// </summary>
public static class InputBox
{
    public static IntervalBounds Around(Tensor normalizedImages, double eps, Normalization normalization)
    {
        var device = normalizedImages.device;
        var channels = normalizedImages.shape[1];
        var shape = new long[] { 1, channels, 1, 1 };
        using var epsPerChannel = tensor(normalization.EpsPerChannel(eps), device: device).reshape(shape);
        using var dataMin = tensor(normalization.DataMin, device: device).reshape(shape);
        using var dataMax = tensor(normalization.DataMax, device: device).reshape(shape);
        var lower = maximum(normalizedImages - epsPerChannel, dataMin);
        var upper = minimum(normalizedImages + epsPerChannel, dataMax);
        return IntervalBounds.FromLowerUpper(lower, upper);
    }
}
