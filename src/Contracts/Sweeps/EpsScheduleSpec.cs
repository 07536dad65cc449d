namespace Certsweep.Contracts.Sweeps;

/// <summary>The eps warmup schedule shared by a sweep's trials (spec section 3). The ramp's length, and
/// optionally its start, come from the <c>warmup</c> axis; <see cref="Start"/> is the default start.</summary>
[GenerateSerializer, Immutable]
public sealed record EpsScheduleSpec
{
    [Id(0)] public ScheduleKind Kind { get; init; } = ScheduleKind.Smoothed;

    [Id(1)] public int Start { get; init; } = 1;

    [Id(2)] public double Mid { get; init; } = 0.25;

    [Id(3)] public double Beta { get; init; } = 4.0;
}

/// <summary>Smoothed (auto_LiRPA's SmoothedScheduler) or linear eps ramp.</summary>
public enum ScheduleKind
{
    Smoothed,
    Linear,
}
