namespace Certsweep.Training.Models;

/// <summary>A named architecture and how to build it for an input shape and class count.
/// <paramref name="Reference"/> is the reference repository's model with the same state-dictionary layout
/// (null for our own models).</summary>
public sealed record ModelDefinition(string Name, string Description, Func<ImageShape, int, Network> Build, ReferenceModel? Reference = null);
