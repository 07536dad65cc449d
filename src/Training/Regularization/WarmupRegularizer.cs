using Certsweep.Training.Bounds;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Regularization;

/// <summary>
/// The tightness and ReLU-balance regularizers of spec section 4.3, computed from the input box and the
/// pre-activation bounds of every ReLU layer, each averaged over ReLU layers.
/// </summary>
public static class WarmupRegularizer
{
    public const double DefaultTolerance = 0.5;

    public static RegularizerTerms Compute(IntervalBounds inputBox, IReadOnlyList<IntervalBounds> reluInputs, double tolerance)
    {
        if (reluInputs.Count == 0)
        {
            throw new ArgumentException("The warmup regularizers need at least one ReLU layer.");
        }

        var tau0 = inputBox.Radius.mean();
        var tightness = zeros_like(tau0);
        var balance = zeros_like(tau0);
        foreach (var bounds in reluInputs)
        {
            tightness += Tightness(tau0, bounds, tolerance);
            var layerBalance = ReluBalance(bounds, tolerance);
            // A layer whose ratio is NaN or Inf is skipped, as in the reference.
            if (layerBalance.isfinite().item<bool>())
            {
                balance += layerBalance;
            }
        }

        return new RegularizerTerms(tightness / reluInputs.Count, balance / reluInputs.Count);
    }

    /// <summary><c>relu(tol - tau0/tau) / tol</c> with tau the layer's mean radius.</summary>
    public static Tensor Tightness(Tensor tau0, IntervalBounds bounds, double tolerance) =>
        F.relu(tolerance - tau0 / bounds.Radius.mean().clamp_min(1e-12)) / tolerance;

    /// <summary><c>(relu(tol - rm) + relu(tol - rv)) / tol</c> from the mean and variance ratios of active
    /// (l > 0) against inactive (u &lt; 0) neurons, each folded to <c>min(x, 1/x)</c>.</summary>
    public static Tensor ReluBalance(IntervalBounds bounds, double tolerance)
    {
        var centre = bounds.Centre;
        var active = bounds.Lower.gt(0).to_type(centre.dtype);
        var inactive = bounds.Upper.lt(0).to_type(centre.dtype);
        var deviation = (centre - centre.mean()).square();
        var meanRatio = (centre * active).mean() / -(centre * inactive).mean();
        var varianceRatio = (deviation * active).sum() / (deviation * inactive).sum();
        meanRatio = minimum(meanRatio, 1 / meanRatio.clamp_min(1e-12));
        varianceRatio = minimum(varianceRatio, 1 / varianceRatio.clamp_min(1e-12));
        return (F.relu(tolerance - meanRatio) + F.relu(tolerance - varianceRatio)) / tolerance;
    }
}
