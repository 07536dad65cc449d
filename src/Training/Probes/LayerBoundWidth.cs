namespace Certsweep.Training.Probes;

/// <summary>
/// The mean interval radius after one layer, for the same architecture under the two initializations.
/// Ratios are to the mean radius of the input box.
/// </summary>
/// <param name="Depth">1 for the first layer, counting every layer the pass goes through in order.</param>
/// <param name="Name">The layer's state-dictionary path, e.g. <c>3</c> or <c>4.shortcut</c>.</param>
/// <param name="Kind">What the layer is: Conv2d, BatchNorm, ReLU, Flatten, Linear, Residual, ...</param>
/// <param name="OutputShape">Shape of one sample's output (no batch dimension).</param>
/// <param name="IsClassifier">The final Linear layer; its row is the logits' radius. IBP initialization leaves this layer's default weights.</param>
public sealed record LayerBoundWidth(
    int Depth,
    string Name,
    string Kind,
    IReadOnlyList<long> OutputShape,
    bool IsClassifier,
    double StandardRadius,
    double IbpRadius,
    double StandardRatio,
    double IbpRatio);
