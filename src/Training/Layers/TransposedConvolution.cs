using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Layers;

/// <summary>
/// The transpose of a 2-D convolution (CROWN's backward rule for Conv2d and average pooling), computed with
/// forward convolutions only: the coefficients are spread out by the stride, padded by <c>k - 1 - p</c> (and
/// the output padding), and convolved with the kernel transposed per group and flipped. Its gradient is the
/// forward convolution (for the coefficients) and a convolution's weight gradient (for the kernel).
/// <para>
/// Why not libtorch's own transposed convolution: in the libtorch 2.10 CPU build TorchSharp 0.107 ships, on
/// this project's AVX-512 machines, <c>conv_transpose2d</c> and the input gradient of <c>conv2d</c> return wrong
/// values for batches of more than one sample when the convolution has an output channel count that is not a
/// multiple of 16 (3, 8, 9, 12 seen; wrong on some runs and not others). Forward convolutions and weight
/// gradients agree with per-sample results in every case tried. docs/method.md, "CROWN and CROWN-IBP".
/// </para>
/// </summary>
internal sealed class TransposedConvolution : autograd.SingleTensorFunction<TransposedConvolution>
{
    private const string GeometryKey = "geometry";

    public override string Name => nameof(TransposedConvolution);

    /// <param name="coefficients">[N, out, h, w].</param>
    /// <param name="weight">The convolution's weight [out, in/groups, k, k].</param>
    /// <param name="inputShape">The convolution's input shape [in, H, W].</param>
    /// <param name="stride">Stride per spatial dimension.</param>
    /// <param name="padding">Zero padding per spatial dimension.</param>
    /// <param name="groups">Channel groups.</param>
    /// <returns>[N, in, H, W].</returns>
    public static Tensor Of(Tensor coefficients, Tensor weight, long[] inputShape, long[] stride, long[] padding, long groups)
    {
        var geometry = new Geometry(inputShape, stride, padding, groups);
        return is_grad_enabled() && (coefficients.requires_grad || weight.requires_grad)
            ? apply(coefficients, weight, geometry)
            : Compute(coefficients, weight, geometry);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (coefficients, weight, geometry) = ((Tensor)vars[0], (Tensor)vars[1], (Geometry)vars[2]);
        ctx.save_for_backward(new List<Tensor> { coefficients, weight });
        ctx.save_data(GeometryKey, geometry with { CoefficientsNeedGrad = coefficients.requires_grad, WeightNeedsGrad = weight.requires_grad });
        return Compute(coefficients, weight, geometry);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        var (coefficients, weight) = (saved[0], saved[1]);
        var geometry = (Geometry)ctx.get_data(GeometryKey);
        // <convT(A, W), g> = <A, conv(g, W)>: the gradient for A is conv(g, W); the one for W is conv's
        // weight gradient with input g and output gradient A.
        var coefficientsGrad = geometry.CoefficientsNeedGrad
            ? F.conv2d(gradOutput, weight, null, geometry.Stride, geometry.Padding, groups: geometry.Groups)
            : null;
        Tensor? weightGrad = null;
        if (geometry.WeightNeedsGrad)
        {
            using var enabled = enable_grad();
            var kernel = weight.detach().requires_grad_();
            var convolved = F.conv2d(gradOutput.detach(), kernel, null, geometry.Stride, geometry.Padding, groups: geometry.Groups);
            weightGrad = autograd.grad(new[] { convolved }, new[] { kernel }, new[] { coefficients.detach() })[0];
        }

        return new List<Tensor> { coefficientsGrad!, weightGrad!, null! };
    }

    private static Tensor Compute(Tensor coefficients, Tensor weight, Geometry geometry)
    {
        var (batch, outChannels, height, width) = (coefficients.shape[0], coefficients.shape[1], coefficients.shape[2], coefficients.shape[3]);
        var kernel = weight.shape[2];
        var (stride, padding, groups) = (geometry.Stride, geometry.Padding, geometry.Groups);
        if (padding[0] > kernel - 1 || padding[1] > kernel - 1)
        {
            throw new NotSupportedException($"A transposed convolution with padding {padding[0]} above kernel size - 1 ({kernel - 1}).");
        }

        var spread = zeros(new[] { batch, outChannels, geometry.InputShape[1] + kernel - 1, geometry.InputShape[2] + kernel - 1 }, coefficients.dtype, coefficients.device);
        var top = kernel - 1 - padding[0];
        var left = kernel - 1 - padding[1];
        spread.slice(2, top, top + (height - 1) * stride[0] + 1, stride[0])
            .slice(3, left, left + (width - 1) * stride[1] + 1, stride[1])
            .copy_(coefficients);
        var inPerGroup = weight.shape[1];
        var flipped = weight.view(groups, outChannels / groups, inPerGroup, kernel, kernel)
            .transpose(1, 2)
            .reshape(groups * inPerGroup, outChannels / groups, kernel, kernel)
            .flip(2, 3);
        return F.conv2d(spread, flipped, groups: groups);
    }

    private sealed record Geometry(long[] InputShape, long[] Stride, long[] Padding, long Groups, bool CoefficientsNeedGrad = false, bool WeightNeedsGrad = false);
}
