namespace Certsweep.Contracts.Sweeps;

/// <summary>
/// A sweep as submitted: the settings every trial shares (spec section 5's knobs) and the axes that vary
/// between trials. Eps is in raw pixel units [0, 1]. Parsed from YAML or JSON by the client, validated by
/// <see cref="SweepSpecValidator"/>, expanded into trials by <see cref="SweepExpansion"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SweepSpec
{
    /// <summary>A free-text title shown in listings and reports.</summary>
    [Id(0)] public string? Name { get; init; }

    [Id(1)] public string Dataset { get; init; } = KnownDatasets.FashionMnist;

    /// <summary>Keep only the first N training samples (CPU-sized sweeps).</summary>
    [Id(2)] public int? TrainLimit { get; init; }

    /// <summary>Keep only the first N test samples.</summary>
    [Id(3)] public int? TestLimit { get; init; }

    [Id(4)] public double Eps { get; init; } = 0.1;

    [Id(5)] public int Epochs { get; init; } = 70;

    [Id(6)] public EpsScheduleSpec Schedule { get; init; } = new();

    [Id(7)] public int BatchSize { get; init; } = 256;

    [Id(8)] public int GradientAccumulation { get; init; } = 1;

    [Id(9)] public double LearningRate { get; init; } = 5e-4;

    [Id(10)] public IReadOnlyList<int> LrMilestones { get; init; } = new[] { 50, 60 };

    [Id(11)] public SweepAxes Axes { get; init; } = new();

    [Id(12)] public SearchSpec Search { get; init; } = new();

    /// <summary>Most trials running at once; 0 means as many as there are free device slots.</summary>
    [Id(13)] public int MaxConcurrency { get; init; }

    /// <summary>How many times a failed trial is retried before it counts as failed.</summary>
    [Id(14)] public int Retries { get; init; } = 2;

    [Id(15)] public EarlyStoppingSpec? EarlyStopping { get; init; }
}
