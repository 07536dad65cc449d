namespace Certsweep.Contracts.Sweeps;

/// <summary>The warmup axis: listed (length, start) settings, or (random search only) a distribution of
/// lengths with the schedule's default start.</summary>
[GenerateSerializer, Immutable]
public sealed record WarmupAxis
{
    [Id(0)] public IReadOnlyList<WarmupSetting>? Values { get; init; }

    [Id(1)] public Distribution? Length { get; init; }

    public static WarmupAxis Of(params WarmupSetting[] values) => new() { Values = values };
}

/// <summary>One warmup: the eps ramp's length in epochs and, when given, its first epoch.</summary>
[GenerateSerializer, Immutable]
public sealed record WarmupSetting([property: Id(0)] int Length, [property: Id(1)] int? Start = null);
