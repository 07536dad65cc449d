namespace Certsweep.Contracts;

/// <summary>The sweep's <c>method</c> axis (spec section 4).</summary>
public enum MethodKind
{
    /// <summary>Vanilla IBP: default init, no warmup regularizers (lambda does not apply).</summary>
    Vanilla,

    /// <summary>The paper's method: IBP initialization and the warmup regularizers.</summary>
    Fast,
}
