namespace Certsweep.Contracts.Trials;

/// <summary>The axis values that tell a trial apart from the others of its sweep.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialAxes(
    [property: Id(0)] string Model,
    [property: Id(1)] MethodKind Method,
    [property: Id(2)] double Lambda,
    [property: Id(3)] int WarmupLength,
    [property: Id(4)] int WarmupStart,
    [property: Id(5)] int Seed)
{
    public static TrialAxes Of(TrialConfig config) =>
        new(config.Model, config.Method, config.Lambda, config.ScheduleLength, config.ScheduleStart, config.Seed);
}
