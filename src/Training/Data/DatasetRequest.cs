namespace Certsweep.Training.Data;

/// <summary>
/// Which data set to load, from where, and how much of it: <paramref name="ValidationSize"/> training samples are held
/// out as a validation split (<see cref="ValidationSplit"/>), then <paramref name="TrainLimit"/> and
/// <paramref name="TestLimit"/> keep the first N samples of the training and test sets (for CPU-sized runs).
/// </summary>
public sealed record DatasetRequest(string Name, string? DataRoot = null, int? TrainLimit = null, int? TestLimit = null, int? ValidationSize = null);
