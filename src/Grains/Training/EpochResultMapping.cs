using Certsweep.Contracts.Trials;
using Certsweep.Training.Bounds;
using Certsweep.Training.Evaluation;
using Certsweep.Training.Loop;

namespace Certsweep.Grains.Training;

/// <summary>The trainer's epoch report and best-checkpoint certificate as the contracts' records.</summary>
public static class EpochResultMapping
{
    public static EpochResult ToEpochResult(this EpochReport report) => new()
    {
        Epoch = report.Epoch,
        Epochs = report.Epochs,
        Eps = report.Eps,
        EpsMax = report.EpsMax,
        LearningRate = report.LearningRate,
        Train = report.Train.ToPassResult(),
        Test = report.Test.ToPassResult(),
        Validation = report.Validation?.ToPassResult(),
        ImagesPerSecond = report.ImagesPerSecond,
        TrainSeconds = report.TrainSeconds,
        EpochSeconds = report.EpochSeconds,
        IsBest = report.IsBest,
        PgdError = report.PgdError,
        FinishedAt = DateTimeOffset.UtcNow,
        Bound = report.Bound.Name(),
    };

    public static FinalCertificate ToFinalCertificate(this BestCheckpointCertificate c) =>
        new(c.Epoch, c.Eps, c.Samples, c.CleanError, c.IbpVerifiedError, c.CrownVerifiedError, c.CrownSeconds);

    public static PassResult ToPassResult(this PassMetrics m) => new(
        m.Samples, m.CleanError, m.VerifiedError, m.NaturalLoss, m.RobustLoss, m.Loss, m.TightnessLoss, m.ReluLoss,
        m.RegularizerLoss, m.ActiveReluShare, m.InactiveReluShare);
}
