using Certsweep.Training.Bounds;

namespace Certsweep.Training.Layers;

/// <summary>
/// Per-pass side channel: collects the pre-activation bounds of every ReLU (for the warmup regularizers
/// and ReLU-state statistics), optionally records or replays BatchNorm statistics, and lets an observer
/// see every layer's output (soundness tests, the bound-width probe).
/// </summary>
public sealed class PropagationContext
{
    private readonly List<IntervalBounds> _reluInputs = new();

    public IReadOnlyList<IntervalBounds> ReluInputs => _reluInputs;

    public BatchStatistics? Statistics { get; init; }

    public Action<BoundedLayer, Activation>? LayerObserver { get; init; }

    /// <summary>
    /// Whether a BatchNorm is folded into the Linear/Conv2d layer before it when propagating bounds; with
    /// <see cref="BatchNormFolding.Never"/> every layer computes and shows its own bounds.
    /// </summary>
    public BatchNormFolding FoldBatchNorm { get; init; } = BatchNormFolding.WhereCheaper;

    internal void RecordReluInput(IntervalBounds preActivation) => _reluInputs.Add(preActivation);

    internal void Observe(BoundedLayer layer, Activation output) => LayerObserver?.Invoke(layer, output);
}
