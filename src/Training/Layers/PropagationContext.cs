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
    /// Fold each BatchNorm into the Linear/Conv2d layer before it when propagating bounds (the default, and
    /// cheaper); when false every layer computes and shows its own bounds.
    /// </summary>
    public bool FoldBatchNorm { get; init; } = true;

    internal void RecordReluInput(IntervalBounds preActivation) => _reluInputs.Add(preActivation);

    internal void Observe(BoundedLayer layer, Activation output) => LayerObserver?.Invoke(layer, output);
}
