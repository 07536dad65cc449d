using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Certsweep.Training.Layers;

/// <summary>
/// The transpose of a 2-D convolution (CROWN's backward rule for Conv2d and average pooling), computed with
/// forward convolutions only: the coefficients, padded, convolved with the kernel transposed per group and
/// flipped; with a stride, one such convolution per output phase (<see cref="Compute"/>). Its gradient is the
/// forward convolution (for the coefficients) and a convolution's weight gradient (for the kernel).
/// <para>
/// Why not libtorch's own transposed convolution: in the libtorch 2.10 CPU build TorchSharp 0.107 ships, on
/// this project's AVX-512 machines, <c>conv_transpose2d</c> and the input gradient of <c>conv2d</c> return wrong
/// values for batches of more than one sample when the convolution has an output channel count that is not a
/// multiple of 16 (3, 8, 9, 12 seen; wrong on some runs and not others). Forward convolutions and weight
/// gradients agree with per-sample results in every case tried. docs/method.md §8.
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

    /// <summary>
    /// Output row y receives input row i through kernel row ky when <c>y = i s - p + ky</c>. Split by the phase
    /// <c>r = (y + p) mod s</c>: the rows of phase r are a stride-1 transposed convolution with the kernel rows
    /// <c>r, r + s, ...</c>, so each tap is computed once (no zeros spread between the inputs).
    /// </summary>
    private static Tensor Compute(Tensor coefficients, Tensor weight, Geometry geometry)
    {
        var (stride, padding, groups) = (geometry.Stride, geometry.Padding, geometry.Groups);
        var (height, width) = (geometry.InputShape[1], geometry.InputShape[2]);
        var kernel = weight.shape[2];
        if (stride[0] == 1 && stride[1] == 1)
        {
            return Phase(coefficients, weight, groups, (0, height), (0, width), padding[0], padding[1]);
        }

        var output = zeros(new[] { coefficients.shape[0], geometry.InputShape[0], height, width }, coefficients.dtype, coefficients.device);
        for (long rowPhase = 0; rowPhase < Math.Min(stride[0], kernel); rowPhase++)
        {
            for (long columnPhase = 0; columnPhase < Math.Min(stride[1], kernel); columnPhase++)
            {
                var rows = PhaseRange(rowPhase, stride[0], padding[0], height, coefficients.shape[2], kernel);
                var columns = PhaseRange(columnPhase, stride[1], padding[1], width, coefficients.shape[3], kernel);
                if (rows.Count <= 0 || columns.Count <= 0)
                {
                    continue;
                }

                var subKernel = weight.slice(2, rowPhase, kernel, stride[0]).slice(3, columnPhase, kernel, stride[1]);
                var values = Phase(coefficients, subKernel, groups, (rows.Start, rows.Count), (columns.Start, columns.Count), 0, 0);
                var firstRow = rows.Start * stride[0] + rowPhase - padding[0];
                var firstColumn = columns.Start * stride[1] + columnPhase - padding[1];
                output.slice(2, firstRow, firstRow + (rows.Count - 1) * stride[0] + 1, stride[0])
                    .slice(3, firstColumn, firstColumn + (columns.Count - 1) * stride[1] + 1, stride[1])
                    .copy_(values);
            }
        }

        return output;
    }

    /// <summary>Of the stride-1 "full" transposed convolution of phase r (positions q = 0 .. n + m - 2, output
    /// row <c>q s + r - p</c>), the positions whose output row lies in [0, size).</summary>
    private static (long Start, long Count) PhaseRange(long phase, long stride, long padding, long size, long inputSize, long kernel)
    {
        var taps = (kernel - phase + stride - 1) / stride;
        var start = Math.Max(0, CeilingDivision(padding - phase, stride));
        var end = Math.Min(inputSize + taps - 1, FloorDivision(size - 1 + padding - phase, stride) + 1);
        return (start, end - start);
    }

    /// <summary>
    /// Positions <c>[start, start + count)</c> (per spatial dimension) of the stride-1 full transposed convolution
    /// <c>Z[q] = sum_m W[m] A[q - m]</c>, shifted by <paramref name="rowShift"/>/<paramref name="columnShift"/>:
    /// a forward convolution of A padded by <c>m - 1 - start</c> before (cropped where negative) with the kernel
    /// transposed per group and flipped.
    /// </summary>
    private static Tensor Phase(Tensor coefficients, Tensor weight, long groups, (long Start, long Count) rows, (long Start, long Count) columns, long rowShift, long columnShift)
    {
        var (outChannels, inPerGroup, kernelRows, kernelColumns) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3]);
        var input = PadOrCrop(coefficients, 2, kernelRows - 1 - rows.Start - rowShift, rows.Count + kernelRows - 1);
        input = PadOrCrop(input, 3, kernelColumns - 1 - columns.Start - columnShift, columns.Count + kernelColumns - 1);
        var flipped = weight.reshape(groups, outChannels / groups, inPerGroup, kernelRows, kernelColumns)
            .transpose(1, 2)
            .reshape(groups * inPerGroup, outChannels / groups, kernelRows, kernelColumns)
            .flip(2, 3);
        return F.conv2d(input, flipped, groups: groups);
    }

    /// <summary>Dimension <paramref name="dim"/> with <paramref name="before"/> zeros in front (that many values
    /// dropped when negative), then cut or zero-filled to <paramref name="length"/>.</summary>
    private static Tensor PadOrCrop(Tensor input, long dim, long before, long length)
    {
        if (before < 0)
        {
            input = input.narrow(dim, -before, input.shape[dim] + before);
            before = 0;
        }

        var after = length - before - input.shape[dim];
        if (after < 0)
        {
            input = input.narrow(dim, 0, input.shape[dim] + after);
            after = 0;
        }

        if (before == 0 && after == 0)
        {
            return input;
        }

        var pads = dim == 3 ? new[] { before, after } : new[] { 0, 0, before, after };
        return F.pad(input, pads);
    }

    private static long CeilingDivision(long numerator, long denominator) => -FloorDivision(-numerator, denominator);

    private static long FloorDivision(long numerator, long denominator) => (long)Math.Floor((double)numerator / denominator);

    private sealed record Geometry(long[] InputShape, long[] Stride, long[] Padding, long Groups, bool CoefficientsNeedGrad = false, bool WeightNeedsGrad = false);
}
