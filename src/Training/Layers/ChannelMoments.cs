using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>
/// Mean and biased variance per channel (dimension 1) of a [B, C] or [B, C, H, W] batch, differentiable:
/// BatchNorm's training-mode statistics. Autograd through <c>var_mean</c> costs several elementwise passes
/// over the batch; this backward is the closed form <c>dx = g_mean/n + 2 g_var (x - mean)/n</c> in two.
/// </summary>
internal sealed class ChannelMoments : autograd.MultiTensorFunction<ChannelMoments>
{
    public override string Name => nameof(ChannelMoments);

    public static (Tensor Mean, Tensor Variance) Of(Tensor input)
    {
        var outputs = apply(input);
        return (outputs[0], outputs[1]);
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var dims = ReducedDimensions(input);
        var mean = input.mean(dims, keepdim: true);
        var centred = input - mean;
        var variance = centred.mul_(centred).mean(dims);
        ctx.save_for_backward(new List<Tensor> { input, mean });
        return new List<Tensor> { mean.flatten(), variance };
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grads)
    {
        var saved = ctx.get_saved_variables();
        var (input, mean) = (saved[0], saved[1]);
        var count = (double)(input.numel() / mean.numel());
        var meanGrad = (grads[0] / count).view(mean.shape);
        var varianceGrad = (grads[1] * (2 / count)).view(mean.shape);
        return new List<Tensor> { addcmul(meanGrad, input - mean, varianceGrad, 1) };
    }

    private static long[] ReducedDimensions(Tensor input) => input.dim() == 2 ? new[] { 0L } : new[] { 0L, 2L, 3L };
}
