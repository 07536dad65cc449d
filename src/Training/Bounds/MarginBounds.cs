using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Bounds;

/// <summary>
/// Lower bounds of the margins <c>z_y - z_j</c> (j != y) with the specification matrix C folded into the
/// classifier before its interval step: <c>W' = C W</c>, <c>b' = C b</c> (docs/method.md §1). Tighter than
/// bounding the logits and subtracting.
/// </summary>
public static class MarginBounds
{
    /// <param name="features">Bounds of the classifier's input, shape [B, d].</param>
    /// <param name="weight">Classifier weight, shape [K, d].</param>
    /// <param name="bias">Classifier bias, shape [K], or null.</param>
    /// <param name="labels">True labels, shape [B].</param>
    /// <returns>Margin lower bounds, shape [B, K-1], rows ordered by ascending j.</returns>
    public static Tensor Lower(IntervalBounds features, Tensor weight, Tensor? bias, Tensor labels)
    {
        var classes = weight.shape[0];
        var batch = labels.shape[0];
        // Centre of C(Wc + b) is a difference of the centre's logits.
        var centreLogits = F.linear(features.Centre, weight, bias);
        var centreMargins = centreLogits.gather(1, labels.unsqueeze(1)) - centreLogits;
        // Radius of C W applied to the radius: |W_y - W_j| r for every j.
        var foldedWeight = weight.index_select(0, labels).unsqueeze(1) - weight.unsqueeze(0);
        var radius = foldedWeight.abs().bmm(features.Radius.unsqueeze(2)).squeeze(2);
        var lowerAll = centreMargins - radius;
        var others = F.one_hot(labels, classes).logical_not();
        return lowerAll.masked_select(others).view(batch, classes - 1);
    }

    /// <summary>Verified: every margin lower bound non-negative (the reference counts a sample as not
    /// verified when any bound is below zero).</summary>
    public static Tensor Verified(Tensor marginLower) => marginLower.lt(0).any(1).logical_not();

    /// <summary>Robust loss: cross-entropy of <c>[0, -lb_1, ..., -lb_{K-1}]</c> with target index 0 (docs/method.md §2).</summary>
    public static Tensor RobustLoss(Tensor marginLower)
    {
        var padded = cat(new[] { zeros_like(marginLower.narrow(1, 0, 1)), -marginLower }, 1);
        var target = zeros(marginLower.shape[0], ScalarType.Int64, marginLower.device);
        return F.cross_entropy(padded, target);
    }
}
