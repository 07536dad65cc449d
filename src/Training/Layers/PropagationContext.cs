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

    internal void RecordReluInput(IntervalBounds preActivation) => _reluInputs.Add(preActivation);

    internal void Observe(BoundedLayer layer, Activation output) => LayerObserver?.Invoke(layer, output);
}
