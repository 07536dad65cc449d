using static TorchSharp.torch;

namespace Certsweep.Training.Regularization;

/// <summary>The two warmup regularizers of docs/method.md §4.3 (scalar tensors, before the lambda weight).</summary>
public sealed record RegularizerTerms(Tensor Tightness, Tensor ReluBalance)
{
    public Tensor Sum => Tightness + ReluBalance;

    /// <summary>The terms a trial's <c>regularizers</c> setting adds: tightness, relu, or both.</summary>
    public Tensor Selected(string regularizers) => regularizers switch
    {
        "tightness" => Tightness,
        "relu" => ReluBalance,
        "tightness+relu" => Sum,
        _ => throw new ArgumentException($"No regularizer is selected by '{regularizers}'."),
    };
}
