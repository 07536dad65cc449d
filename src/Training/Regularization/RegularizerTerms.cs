using static TorchSharp.torch;

namespace Certsweep.Training.Regularization;

/// <summary>The two warmup regularizers of docs/method.md §4 (scalar tensors, before the lambda weight).</summary>
public sealed record RegularizerTerms(Tensor Tightness, Tensor ReluBalance)
{
    public Tensor Sum => Tightness + ReluBalance;
}
