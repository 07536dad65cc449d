namespace Certsweep.Training.Loop;

/// <summary>Progress inside an epoch, reported after every training batch.</summary>
public sealed record BatchProgress(int Epoch, int Batch, int BatchesPerEpoch, double Eps, double Loss);
