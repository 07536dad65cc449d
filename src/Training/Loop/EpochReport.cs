namespace Certsweep.Training.Loop;

/// <summary>One finished (and checkpointed) epoch of a trial.</summary>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double Eps,
    double EpsMax,
    double LearningRate,
    PassMetrics Train,
    PassMetrics Test,
    double ImagesPerSecond,
    double TrainSeconds,
    double EpochSeconds,
    bool IsBest,
    BestResult? Best);
