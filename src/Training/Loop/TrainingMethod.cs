namespace Certsweep.Training.Loop;

/// <summary>The sweep's <c>method</c> axis (spec section 4).</summary>
public enum TrainingMethod
{
    /// <summary>Vanilla IBP: default init, no warmup regularizers.</summary>
    Vanilla,

    /// <summary>The paper's method: IBP initialization and the warmup regularizers (BN is in the models).</summary>
    Fast,
}
