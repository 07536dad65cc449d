using Certsweep.Contracts;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Training.Loop;

namespace Certsweep.Grains.Training;

/// <summary>A trial's config as the trainer's options.</summary>
public static class TrainingOptionsMapping
{
    public static TrainingOptions ToTrainingOptions(this TrialConfig config, string? dataRoot) => new()
    {
        Dataset = config.Dataset,
        DataRoot = dataRoot,
        TrainLimit = config.TrainLimit,
        TestLimit = config.TestLimit,
        Model = config.Model,
        Method = config.Method == MethodKind.Fast ? TrainingMethod.Fast : TrainingMethod.Vanilla,
        Eps = config.Eps,
        Schedule = config.Schedule == ScheduleKind.Linear ? EpsScheduleKind.Linear : EpsScheduleKind.Smoothed,
        ScheduleStart = config.ScheduleStart,
        ScheduleLength = config.ScheduleLength,
        ScheduleMid = config.ScheduleMid,
        ScheduleBeta = config.ScheduleBeta,
        Lambda = config.Lambda,
        Epochs = config.Epochs,
        LearningRate = config.LearningRate,
        LrMilestones = config.LrMilestones,
        BatchSize = config.BatchSize,
        GradientAccumulation = config.GradientAccumulation,
        Seed = config.Seed,
    };
}
