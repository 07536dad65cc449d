using Certsweep.Training.Bounds;
using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>ReLU. A monotone activation maps the interval ends separately (docs/method.md §1); the
/// pre-activation bounds are handed to the context for the warmup regularizers and CROWN. CROWN rule
/// (docs/method.md §8): linear relaxation from the pre-activation bounds l, u.</summary>
public sealed class ReluLayer : BoundedLayer
{
    /// <summary>Keeps the upper line's denominator positive where <c>l = u = 0</c>, as the reference does.</summary>
    private const double MinimumWidth = 1e-8;

    public ReluLayer() : base(nameof(ReluLayer))
    {
    }

    protected override Activation PropagateCore(Activation input, PropagationContext context)
    {
        IntervalBounds? bounds = null;
        if (input.Bounds is { } pre)
        {
            context.RecordReluInput(this, pre);
            var lower = nn.functional.relu(pre.Lower);
            var upper = nn.functional.relu(pre.Upper);
            bounds = IntervalBounds.FromLowerUpper(lower, upper);
        }

        return new(input.Clean is null ? null : nn.functional.relu(input.Clean), bounds);
    }

    /// <summary>
    /// With <c>l' = min(l, 0)</c>, <c>u' = max(u, 0, l' + 1e-8)</c>: the upper line <c>s (x - l')</c> with slope
    /// <c>s = u'/(u' - l')</c> (1 for an active neuron, 0 for an inactive one, the chord for an unstable one) and
    /// the lower line <c>k x</c> with <c>k = 1</c> where <c>s > 1/2</c> (u > -l), else 0. A lower bound takes
    /// the lower line where its coefficient is positive and the upper line where it is negative:
    /// <c>A' = A⁺ k + A⁻ s</c>, <c>b' = b - sum(A⁻ s l')</c>.
    /// </summary>
    internal override LinearBound Backward(LinearBound output, BackwardPass pass)
    {
        var pre = pass.ReluInput(this);
        // In patch form each row reads the bounds in its own window; otherwise every row reads them all.
        var (lower, upper) = output.Grid is { } grid
            ? (grid.Gather(pre.Lower, output.Window), grid.Gather(pre.Upper, output.Window))
            : (pre.Lower.unsqueeze(1), pre.Upper.unsqueeze(1));
        var lowerEnd = lower.clamp_max(0);
        var upperEnd = maximum(upper.clamp_min(0), lowerEnd + MinimumWidth);
        var slope = upperEnd / (upperEnd - lowerEnd);
        var lowerSlope = slope.gt(0.5).to_type(slope.dtype);
        var coefficients = output.Coefficients;
        var negative = coefficients.clamp_max(0);
        // A⁺ k + A⁻ s = A k + A⁻ (s - k).
        var input = coefficients * lowerSlope + negative * (slope - lowerSlope);
        var shift = -slope * lowerEnd;
        var offset = output.Grid is null
            ? new LinearBound(negative, output.Offset).Contract(shift.squeeze(1))
            : (negative * shift).flatten(2).sum(2);
        return output.With(input, offset);
    }

    internal override bool TakesPatches => true;

    /// <summary>Full CROWN: the input's bounds are tightened by CROWN where the interval bounds leave a
    /// neuron's sign open (unless they are exact already: one linear map from the input box), kept for the
    /// backward rule, and mapped as in the interval rule.</summary>
    internal override SweepPosition Sweep(SweepPosition input, CrownTightening tightening)
    {
        var pre = input.Exactness == IntervalExactness.Relaxed ? tightening.Tighten(input.Bounds, input.ToInput) : input.Bounds;
        tightening.Pass.SetReluInput(this, pre);
        var output = IntervalBounds.FromLowerUpper(nn.functional.relu(pre.Lower), nn.functional.relu(pre.Upper));
        var exactness = input.Exactness == IntervalExactness.IndependentBox ? IntervalExactness.IndependentBox : IntervalExactness.Relaxed;
        return new(output, exactness, ToInputThrough(input, tightening.Pass));
    }
}
