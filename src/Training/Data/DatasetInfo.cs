using Certsweep.Training.Models;

namespace Certsweep.Training.Data;

/// <summary>What a trial needs to know about a data set before loading it. <paramref name="TrainAugmentation"/>
/// is what training batches go through (docs/method.md §5); test batches never are augmented.</summary>
public sealed record DatasetInfo(string Name, ImageShape Shape, int Classes, Normalization Normalization, string Description, Augmentation? TrainAugmentation = null);
