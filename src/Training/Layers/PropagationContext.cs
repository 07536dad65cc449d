using Certsweep.Training.Bounds;
using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>
/// Per-pass side channel: collects the pre-activation bounds of every ReLU (for the warmup regularizers,
/// ReLU-state statistics and CROWN-IBP), optionally records or replays BatchNorm statistics, and lets an
/// observer see every layer's output (soundness tests, the bound-width probe). It also keeps what CROWN's
/// backward rules read from the pass (<see cref="BackwardPass"/>): each BatchNorm's per-channel map and each
/// layer's input shape.
/// </summary>
public sealed class PropagationContext
{
    private readonly List<IntervalBounds> _reluInputs = new();
    private readonly Dictionary<ReluLayer, IntervalBounds> _reluInputsByLayer = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<BatchNormLayer, (Tensor Scale, Tensor Shift)> _channelMaps = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<BoundedLayer, long[]> _inputShapes = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<IntervalBounds> ReluInputs => _reluInputs;

    public BatchStatistics? Statistics { get; init; }

    public Action<BoundedLayer, Activation>? LayerObserver { get; init; }

    /// <summary>
    /// Whether a BatchNorm is folded into the Linear/Conv2d layer before it when propagating bounds; with
    /// <see cref="BatchNormFolding.Never"/> every layer computes and shows its own bounds.
    /// </summary>
    public BatchNormFolding FoldBatchNorm { get; init; } = BatchNormFolding.WhereCheaper;

    internal IReadOnlyDictionary<ReluLayer, IntervalBounds> ReluInputsByLayer => _reluInputsByLayer;

    internal IReadOnlyDictionary<BatchNormLayer, (Tensor Scale, Tensor Shift)> ChannelMaps => _channelMaps;

    internal IReadOnlyDictionary<BoundedLayer, long[]> InputShapes => _inputShapes;

    internal void RecordReluInput(ReluLayer layer, IntervalBounds preActivation)
    {
        _reluInputs.Add(preActivation);
        _reluInputsByLayer[layer] = preActivation;
    }

    internal void RecordChannelMap(BatchNormLayer layer, Tensor scale, Tensor shift) => _channelMaps[layer] = (scale, shift);

    /// <summary>Keeps the shape of one input of <paramref name="layer"/> without its batch dimension.</summary>
    internal void RecordInput(BoundedLayer layer, Activation input)
    {
        var shape = (input.Clean ?? input.Bounds?.Centre)?.shape;
        if (shape is not null)
        {
            _inputShapes[layer] = shape[1..];
        }
    }

    internal void Observe(BoundedLayer layer, Activation output) => LayerObserver?.Invoke(layer, output);
}
