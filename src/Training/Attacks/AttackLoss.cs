namespace Certsweep.Training.Attacks;

/// <summary>The per-example objective the PGD attack maximizes (docs/method.md §9).</summary>
public enum AttackLoss
{
    /// <summary>Cross-entropy of the logits against the true label.</summary>
    CrossEntropy,

    /// <summary>The largest other logit minus the true one, <c>max_{j != y} z_j - z_y</c>: positive exactly when misclassified.</summary>
    Margin,
}
