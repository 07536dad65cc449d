using Certsweep.Training.Models;

namespace Certsweep.Training.Data;

/// <summary>What a trial needs to know about a data set before loading it.</summary>
public sealed record DatasetInfo(string Name, ImageShape Shape, int Classes, Normalization Normalization, string Description);
