using Certsweep.Training.Bounds;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Regularization;

/// <summary>
/// The tightness and ReLU-balance regularizers of docs/method.md §4.3, computed from the input box and the
/// pre-activation bounds of every ReLU layer, each averaged over ReLU layers.
/// </summary>
public static class WarmupRegularizer
{
    public const double DefaultTolerance = 0.5;

    public static RegularizerTerms Compute(IntervalBounds inputBox, IReadOnlyList<IntervalBounds> reluInputs, double tolerance) =>
        Compute(inputBox, reluInputs, reluInputs.Select(StableNeurons.Of).ToList(), tolerance);

    /// <param name="stable">The stable neurons of each ReLU layer, in the order of <paramref name="reluInputs"/>.</param>
    public static RegularizerTerms Compute(IntervalBounds inputBox, IReadOnlyList<IntervalBounds> reluInputs, IReadOnlyList<StableNeurons> stable, double tolerance)
    {
        if (reluInputs.Count == 0)
        {
            throw new ArgumentException("The warmup regularizers need at least one ReLU layer.");
        }

        var tau0 = inputBox.Radius.mean();
        var tightness = zeros_like(tau0);
        var balances = new List<Tensor>(reluInputs.Count);
        for (var i = 0; i < reluInputs.Count; i++)
        {
            tightness += Tightness(tau0, reluInputs[i], tolerance);
            balances.Add(ReluBalance(reluInputs[i], stable[i], tolerance));
        }

        // A layer whose value is NaN or Inf is left out of the sum (and so out of the gradient), as in the
        // reference; one transfer reads every layer's flag.
        var finite = stack(balances.Select(b => b.detach())).isfinite().cpu();
        var balance = zeros_like(tau0);
        for (var i = 0; i < balances.Count; i++)
        {
            if (finite[i].item<bool>())
            {
                balance += balances[i];
            }
        }

        return new RegularizerTerms(tightness / reluInputs.Count, balance / reluInputs.Count);
    }

    /// <summary><c>relu(tol - tau0/tau) / tol</c> with tau the layer's mean radius.</summary>
    public static Tensor Tightness(Tensor tau0, IntervalBounds bounds, double tolerance) =>
        F.relu(tolerance - tau0 / bounds.Radius.mean().clamp_min(1e-12)) / tolerance;

    /// <summary><c>(relu(tol - rm) + relu(tol - rv)) / tol</c> from the mean and variance ratios of active
    /// (l > 0) against inactive (u &lt; 0) neurons, each folded to <c>min(x, 1/x)</c>.</summary>
    public static Tensor ReluBalance(IntervalBounds bounds, StableNeurons stable, double tolerance)
    {
        var count = bounds.Centre.numel();
        var dtype = bounds.Centre.dtype;
        var sums = ReluBalanceSums.Of(bounds.Centre, stable.Active.to_type(dtype), stable.Inactive.to_type(dtype));
        // mean(c a) / -mean(c i) and sum((c-m)^2 a) / sum((c-m)^2 i).
        var meanRatio = sums[0] / count / -(sums[1] / count);
        var varianceRatio = sums[2] / sums[3];
        meanRatio = minimum(meanRatio, 1 / meanRatio.clamp_min(1e-12));
        varianceRatio = minimum(varianceRatio, 1 / varianceRatio.clamp_min(1e-12));
        return (F.relu(tolerance - meanRatio) + F.relu(tolerance - varianceRatio)) / tolerance;
    }
}
