namespace Certsweep.Hyperparameters.Catalog;

/// <summary>What the spec checks need to know of a data set without loading it: its images (channels, square side),
/// classes and sample counts. A test keeps these equal to the trainer's data catalog.</summary>
public sealed record DatasetFacts(string Name, string Doc, int Channels, int Side, int Classes, int TrainSamples, int TestSamples);
