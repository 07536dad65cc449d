namespace Certsweep.Training.Probes;

/// <summary>Which statistics BatchNorm layers use while the bound-width probe propagates a batch.</summary>
public enum BatchNormStatistics
{
    /// <summary>Training mode: mean and variance of the clean probe batch, as in the first training step.</summary>
    Batch,

    /// <summary>Eval mode: the running statistics, which at initialization are mean 0, variance 1 (BN is the identity).</summary>
    Running,
}
