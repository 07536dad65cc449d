namespace Certsweep.Hyperparameters.Values;

/// <summary>What a written scalar is: YAML plain scalars resolve by the YAML 1.2 core schema, so <c>0.5</c> is a
/// number in both spec formats and <c>"0.5"</c> is a string in both.</summary>
public enum ScalarKind
{
    Null,
    Boolean,
    Number,
    String,
}
