using Certsweep.Training.Bounds;
using static TorchSharp.torch;

namespace Certsweep.Training.Loop;

/// <summary>
/// One MTL-IBP evaluation of a batch (docs/method.md §9). <see cref="Loss"/>,
/// <see cref="RobustLoss"/> and <see cref="AdversarialLoss"/> are scalars with gradients; <see cref="CleanLogits"/>
/// carry none. The adversarial members are null when alpha is 1: no attack is run then.
/// </summary>
/// <param name="Loss"><c>(1 - alpha) AdversarialLoss + alpha RobustLoss</c>.</param>
/// <param name="RobustLoss">The IBP robust loss of <see cref="MarginLower"/> (<see cref="MarginBounds.RobustLoss"/>).</param>
/// <param name="AdversarialLoss">Cross-entropy of <see cref="AdversarialLogits"/>.</param>
/// <param name="MarginLower">IBP margin lower bounds [B, K-1] over <see cref="Box"/>.</param>
/// <param name="CleanLogits">Logits of the clean images [B, K].</param>
/// <param name="AdversarialLogits">Logits of <see cref="Adversarial"/> [B, K], from the pass that also bounded the box.</param>
/// <param name="Adversarial">The attack's points (normalized).</param>
/// <param name="Box">The eps box the bounds are over (the warmup regularizers read it).</param>
public sealed record MtlIbpTerms(
    Tensor Loss,
    Tensor RobustLoss,
    Tensor? AdversarialLoss,
    Tensor MarginLower,
    Tensor CleanLogits,
    Tensor? AdversarialLogits,
    Tensor? Adversarial,
    IntervalBounds Box);
