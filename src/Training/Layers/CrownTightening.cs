using Certsweep.Training.Bounds;
using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>
/// Full CROWN's per-image state during the forward sweep (docs/method.md §8): the input
/// box of one image, the backward rules' inputs for that image, and how many backward rows fit the memory
/// budget. <see cref="Tighten"/> bounds a ReLU's input neurons by CROWN.
/// </summary>
public sealed class CrownTightening
{
    private readonly IntervalBounds _box;
    private readonly long _maxCoefficientElements;
    private readonly bool _patches;

    /// <param name="pass">Backward inputs for the one image (its ReLU bounds are replaced as they are tightened).</param>
    /// <param name="box">That image's input box, [1, C, H, W].</param>
    /// <param name="maxCoefficientElements">Budget: rows per backward chunk times the largest layer input.</param>
    /// <param name="patches">Whether rows on a feature map start in patch form (false: written out, the same bounds
    /// at a higher cost).</param>
    public CrownTightening(BackwardPass pass, IntervalBounds box, long maxCoefficientElements, bool patches = true)
    {
        Pass = pass;
        _box = box;
        _maxCoefficientElements = maxCoefficientElements;
        _patches = patches;
    }

    public BackwardPass Pass { get; }

    /// <summary>For the interval steps of layers without batch statistics; records nothing that is read.</summary>
    internal PropagationContext Context { get; } = new();

    /// <summary>
    /// Bounds of a ReLU's input: where <paramref name="reference"/> (interval bounds from the tightened layers
    /// before) leaves a neuron's sign open, the CROWN bounds of that neuron, computed backward through
    /// <paramref name="toInput"/> from the rows <c>+e_i</c> (lower) and <c>-e_i</c> (negated upper), in chunks;
    /// elsewhere the reference, which already decides the neuron's state.
    /// </summary>
    internal IntervalBounds Tighten(IntervalBounds reference, Func<LinearBound, LinearBound> toInput)
    {
        var shape = reference.Centre.shape;
        var lower = reference.Lower.flatten().clone();
        var upper = reference.Upper.flatten().clone();
        var unstable = lower.lt(0).logical_and(upper.gt(0)).nonzero().flatten();
        var count = unstable.shape[0];
        var neurons = lower.shape[0];
        var chunk = Math.Max(1, _maxCoefficientElements / (2 * Pass.LargestInputElements()));
        for (long start = 0; start < count; start += chunk)
        {
            using var scope = NewDisposeScope();
            var rows = Math.Min(chunk, count - start);
            var indices = unstable.narrow(0, start, rows);
            // Rows 0..rows-1 select +x_i, rows rows..2rows-1 select -x_i.
            var signs = cat(new[] { ones(rows, lower.dtype, lower.device), full(rows, -1.0, lower.dtype, lower.device) });
            var values = toInput(UnitRows(shape, cat(new[] { indices, indices }), signs)).LowerOver(_box).flatten();
            lower.index_copy_(0, indices, values.narrow(0, 0, rows));
            upper.index_copy_(0, indices, values.narrow(0, rows, rows).neg());
        }

        return IntervalBounds.FromLowerUpper(lower.view(shape), upper.view(shape));
    }

    /// <summary>
    /// The rows <c>sign_s e_(neuron_s)</c> over a map of <paramref name="shape"/> ([1, ...]). On a feature map
    /// [1, C, H, W] in patch form: windows of side 1 at the neurons' positions, so the backward pass through the
    /// convolutions before costs each row only its receptive field (docs/method.md §8, "Patches").
    /// </summary>
    private LinearBound UnitRows(long[] shape, Tensor neurons, Tensor signs)
    {
        var (rows, dtype, device) = (neurons.shape[0], signs.dtype, signs.device);
        var offset = zeros(new[] { 1, rows }, dtype, device);
        if (shape.Length != 4 || !_patches)
        {
            var dense = zeros(new[] { rows, shape[1..].Aggregate(1L, (a, b) => a * b) }, dtype, device).scatter_(1, neurons.unsqueeze(1), signs.unsqueeze(1));
            return new LinearBound(dense.view(new long[] { 1, rows }.Concat(shape[1..]).ToArray()), offset);
        }

        var (channels, height, width) = (shape[1], shape[2], shape[3]);
        var channel = neurons.div(height * width, rounding_mode: RoundingMode.floor);
        var position = neurons.remainder(height * width);
        var coefficients = zeros(new[] { rows, channels }, dtype, device).scatter_(1, channel.unsqueeze(1), signs.unsqueeze(1));
        var grid = new PatchGrid(position.div(width, rounding_mode: RoundingMode.floor), position.remainder(width), height, width, 1, 0, height, width);
        return new LinearBound(coefficients.view(1, rows, channels, 1, 1), offset, grid);
    }
}
