namespace Certsweep.Hyperparameters.Values;

/// <summary>What a <see cref="ParameterValue"/> holds.</summary>
public enum ValueKind
{
    /// <summary>Explicitly nothing (e.g. <c>train_limit: null</c>: every sample).</summary>
    Null,
    Integer,
    Real,
    Text,
    IntegerList,

    /// <summary>A list of names (e.g. <c>objectives</c>).</summary>
    TextList,
}
