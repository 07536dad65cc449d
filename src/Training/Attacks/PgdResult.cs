using static TorchSharp.torch;

namespace Certsweep.Training.Attacks;

/// <summary>
/// The strongest point the attack found per example (normalized space, inside the box), whether any point it
/// evaluated was misclassified (bool [B]; then <see cref="Adversarial"/> is such a point), and the attack loss
/// at <see cref="Adversarial"/> ([B]). No gradients flow through any of them.
/// </summary>
public sealed record PgdResult(Tensor Adversarial, Tensor Misclassified, Tensor Loss);
