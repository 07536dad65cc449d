namespace Certsweep.Hyperparameters.Sweeps;

/// <summary>How random (and model-based) search draws a numeric axis over [min, max].</summary>
public enum DistributionKind
{
    /// <summary>Uniform in [min, max] (real parameters).</summary>
    Uniform,

    /// <summary>Log-uniform in [min, max], min > 0 (real parameters).</summary>
    LogUniform,

    /// <summary>Uniform over the integers min..max (integer parameters).</summary>
    IntUniform,
}
