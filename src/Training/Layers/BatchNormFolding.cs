namespace Certsweep.Training.Layers;

/// <summary>
/// When a BatchNorm directly after a Linear/Conv2d layer is folded into that layer's weights for the bounds
/// (<see cref="BatchNormLayer.PropagateAfter"/>). Folding replaces elementwise passes over the layer's output
/// by passes over its weight, so it pays when the weight is the smaller of the two: every convolution of the
/// zoo, but not CNN-7's 25,088-to-512 Linear layer at batch 256.
/// </summary>
public enum BatchNormFolding
{
    WhereCheaper,
    Always,
    Never,
}
