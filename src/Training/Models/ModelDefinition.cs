namespace Certsweep.Training.Models;

/// <summary>A named architecture and how to build it for an input shape and class count.</summary>
public sealed record ModelDefinition(string Name, string Description, Func<ImageShape, int, Network> Build);
