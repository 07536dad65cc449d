using Certsweep.Training.Bounds;
using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>
/// What CROWN's backward rules read, for some consecutive images of a batch whose interval pass recorded a
/// <see cref="PropagationContext"/>: each ReLU's pre-activation bounds (from that pass, or tightened by full
/// CROWN), each BatchNorm's per-channel map (the clean batch's statistics in training mode, running ones in
/// eval mode, as the pass used them) and each layer's input shape.
/// </summary>
public sealed class BackwardPass
{
    private readonly PropagationContext _context;
    private readonly long _start;
    private readonly long _count;
    private readonly Dictionary<ReluLayer, IntervalBounds> _reluInputs = new(ReferenceEqualityComparer.Instance);

    /// <param name="context">The interval pass over the whole batch.</param>
    /// <param name="start">First image of the batch these rules are for.</param>
    /// <param name="count">Number of images.</param>
    public BackwardPass(PropagationContext context, long start, long count)
    {
        _context = context;
        _start = start;
        _count = count;
    }

    internal IntervalBounds ReluInput(ReluLayer layer)
    {
        if (_reluInputs.TryGetValue(layer, out var bounds))
        {
            return bounds;
        }

        if (!_context.ReluInputsByLayer.TryGetValue(layer, out var whole))
        {
            throw new InvalidOperationException("CROWN needs the ReLU pre-activation bounds of an interval pass over the same batch.");
        }

        bounds = _start == 0 && _count == whole.Centre.shape[0]
            ? whole
            : IntervalBounds.FromLowerUpper(whole.Lower.narrow(0, _start, _count), whole.Upper.narrow(0, _start, _count));
        _reluInputs[layer] = bounds;
        return bounds;
    }

    /// <summary>Replaces a ReLU's pre-activation bounds for these images (full CROWN's tightened ones).</summary>
    internal void SetReluInput(ReluLayer layer, IntervalBounds bounds) => _reluInputs[layer] = bounds;

    internal (Tensor Scale, Tensor Shift) ChannelMap(BatchNormLayer layer) =>
        _context.ChannelMaps.TryGetValue(layer, out var map)
            ? map
            : throw new InvalidOperationException("CROWN needs the BatchNorm maps of an interval pass over the same batch.");

    internal long[] InputShape(BoundedLayer layer) =>
        _context.InputShapes.TryGetValue(layer, out var shape)
            ? shape
            : throw new InvalidOperationException($"CROWN needs the input shape of {layer.GetName()} from an interval pass.");

    /// <summary>The most values one image has at any layer's input: what one backward row can hold.</summary>
    internal long LargestInputElements() => _context.InputShapes.Values.Max(shape => shape.Aggregate(1L, (a, b) => a * b));
}
