using Certsweep.Training.Data;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Attacks;

/// <summary>Maps normalized images back to raw pixels, where the threat model is stated.</summary>
internal static class PixelSpace
{
    public static Tensor Raw(Tensor normalized, Normalization normalization)
    {
        var shape = new long[] { 1, normalization.Channels, 1, 1 };
        var mean = tensor(normalization.Mean.Select(m => (float)m).ToArray()).view(shape);
        var std = tensor(normalization.Std.Select(s => (float)s).ToArray()).view(shape);
        return normalized * std + mean;
    }

    /// <summary>Largest violation of <c>|raw - raw clean| &lt;= eps</c> and of <c>0 &lt;= raw &lt;= 1</c> (0 when none).</summary>
    public static double Violation(Tensor adversarial, Tensor images, double eps, Normalization normalization)
    {
        var raw = Raw(adversarial, normalization);
        var clean = Raw(images, normalization);
        var outsideBall = ((raw - clean).abs() - eps).clamp_min(0).max().item<float>();
        var outsideRange = maximum((-raw).clamp_min(0), (raw - 1).clamp_min(0)).max().item<float>();
        return Math.Max(outsideBall, outsideRange);
    }

    /// <summary>Largest <c>|raw - raw clean|</c>.</summary>
    public static double Distance(Tensor adversarial, Tensor images, Normalization normalization) =>
        (Raw(adversarial, normalization) - Raw(images, normalization)).abs().max().item<float>();
}
