using static TorchSharp.torch;

namespace Certsweep.Training.Regularization;

/// <summary>
/// The four sums the ReLU-balance regularizer needs from one layer's pre-activation centres c, with m the
/// mean of c and 0/1 masks a (active) and i (inactive): <c>[sum(c a), sum(c i), sum((c-m)^2 a),
/// sum((c-m)^2 i)]</c>. Differentiable in c with the closed-form gradient
/// <c>a (g0 + 2 g2 (c-m)) + i (g1 + 2 g3 (c-m)) - 2/n (g2 sum((c-m) a) + g3 sum((c-m) i))</c>, a few
/// elementwise passes where autograd through the same expression takes several times as many.
/// </summary>
internal sealed class ReluBalanceSums : autograd.MultiTensorFunction<ReluBalanceSums>
{
    public override string Name => nameof(ReluBalanceSums);

    public static Tensor Of(Tensor centre, Tensor active, Tensor inactive) => apply(centre, active, inactive)[0];

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (centre, active, inactive) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2]);
        var deviation = centre - centre.mean();
        var activeDeviation = deviation * active;
        var inactiveDeviation = deviation * inactive;
        var sums = stack(new[]
        {
            (centre * active).sum(), (centre * inactive).sum(),
            (activeDeviation * deviation).sum(), (inactiveDeviation * deviation).sum(),
        });
        ctx.save_for_backward(new List<Tensor> { deviation, active, inactive, activeDeviation.sum(), inactiveDeviation.sum() });
        return new List<Tensor> { sums };
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grads)
    {
        var saved = ctx.get_saved_variables();
        var (deviation, active, inactive, activeDeviationSum, inactiveDeviationSum) = (saved[0], saved[1], saved[2], saved[3], saved[4]);
        var g = grads[0];
        var shift = (g[2] * activeDeviationSum + g[3] * inactiveDeviationSum) * (-2.0 / deviation.numel());
        var onInactive = (deviation * (g[3] * 2)).add_(g[1]).mul_(inactive);
        var gradient = (deviation * (g[2] * 2)).add_(g[0]).mul_(active).add_(onInactive).add_(shift);
        return new List<Tensor> { gradient, null!, null! };
    }
}
