using Certsweep.Contracts.Sweeps;

namespace Certsweep.Contracts.Trials;

/// <summary>Everything one trial trains with: the sweep's shared settings with one value of each axis.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialConfig
{
    [Id(0)] public required string Dataset { get; init; }

    [Id(1)] public int? TrainLimit { get; init; }

    [Id(2)] public int? TestLimit { get; init; }

    [Id(3)] public required string Model { get; init; }

    [Id(4)] public required MethodKind Method { get; init; }

    [Id(5)] public required double Eps { get; init; }

    [Id(6)] public required int Epochs { get; init; }

    [Id(7)] public required ScheduleKind Schedule { get; init; }

    [Id(8)] public required int ScheduleStart { get; init; }

    [Id(9)] public required int ScheduleLength { get; init; }

    [Id(10)] public double ScheduleMid { get; init; } = 0.25;

    [Id(11)] public double ScheduleBeta { get; init; } = 4.0;

    /// <summary>Regularizer weight; 0 for vanilla, which has no regularizers.</summary>
    [Id(12)] public required double Lambda { get; init; }

    [Id(13)] public required double LearningRate { get; init; }

    [Id(14)] public required IReadOnlyList<int> LrMilestones { get; init; }

    [Id(15)] public required int BatchSize { get; init; }

    [Id(16)] public int GradientAccumulation { get; init; } = 1;

    [Id(17)] public required int Seed { get; init; }

    [Id(18)] public EarlyStoppingSpec? EarlyStopping { get; init; }

    /// <summary>The axis values that tell this trial apart, e.g. <c>model=cnn method=fast lambda=0.5 warmup=20 seed=1</c>.</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"model={Model} method={Method.ToString().ToLowerInvariant()} lambda={Lambda} warmup={ScheduleLength}@{ScheduleStart} seed={Seed}");
}
