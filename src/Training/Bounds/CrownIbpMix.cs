using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Bounds;

/// <summary>
/// The margin lower bound CROWN-IBP training uses (docs/method.md §8):
/// <c>lb = f lb_CROWN-IBP + (1 - f) lb_IBP</c> with <c>f = (eps_max - eps) / eps_max</c>, so CROWN-IBP weighs
/// most at small eps and IBP takes over as eps reaches eps_max; below <c>f = 1e-5</c> IBP alone (no CROWN
/// pass). Differentiable; the robust loss is then <see cref="MarginBounds.RobustLoss"/> of it.
/// </summary>
public static class CrownIbpMix
{
    public const double IbpOnlyBelow = 1e-5;

    /// <summary>The weight f of the CROWN-IBP bound at <paramref name="eps"/>.</summary>
    public static double CrownWeight(double eps, double epsMax) => (epsMax - eps) / epsMax;

    /// <param name="network">The network of the interval pass.</param>
    /// <param name="box">The input box of that pass.</param>
    /// <param name="labels">True labels.</param>
    /// <param name="ibpPass">The context of that pass (<see cref="Network.Evaluate"/> with the box).</param>
    /// <param name="ibpMarginLower">That pass's margin lower bounds (<see cref="NetworkOutput.MarginLower"/>).</param>
    /// <param name="eps">The current eps of the schedule.</param>
    /// <param name="epsMax">The schedule's final eps.</param>
    public static Tensor Lower(Network network, IntervalBounds box, Tensor labels, PropagationContext ibpPass, Tensor ibpMarginLower, double eps, double epsMax)
    {
        var weight = CrownWeight(eps, epsMax);
        if (weight < IbpOnlyBelow)
        {
            return ibpMarginLower;
        }

        var crown = CrownMarginBounds.CrownIbpLower(network, box, labels, ibpPass);
        return crown * weight + ibpMarginLower * (1 - weight);
    }
}
