using static TorchSharp.torch;

namespace Certsweep.Training.Layers;

/// <summary>
/// BatchNorm statistics of one training-mode pass, kept so a second pass can be evaluated under the very
/// same affine maps: the function whose bounds a training-mode IBP pass computes.
/// </summary>
public sealed class BatchStatistics
{
    private readonly Dictionary<BatchNormLayer, (Tensor Mean, Tensor Variance)> _byLayer = new();

    /// <summary>When true, layers reuse recorded statistics instead of computing them from the batch.</summary>
    public bool Replay { get; set; }

    internal void Record(BatchNormLayer layer, Tensor mean, Tensor variance) =>
        _byLayer[layer] = (mean.detach(), variance.detach());

    internal bool TryGet(BatchNormLayer layer, out (Tensor Mean, Tensor Variance) statistics) =>
        _byLayer.TryGetValue(layer, out statistics);
}
