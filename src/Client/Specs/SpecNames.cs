using Certsweep.Contracts;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Specs;

/// <summary>How the spec file spells the enumerations (snake_case), in one place for the binder, the output
/// and the schema test.</summary>
public static class SpecNames
{
    public static IReadOnlyDictionary<string, MethodKind> Methods { get; } = new Dictionary<string, MethodKind>
    {
        ["vanilla"] = MethodKind.Vanilla,
        ["fast"] = MethodKind.Fast,
    };

    public static IReadOnlyDictionary<string, ScheduleKind> Schedules { get; } = new Dictionary<string, ScheduleKind>
    {
        ["smoothed"] = ScheduleKind.Smoothed,
        ["linear"] = ScheduleKind.Linear,
    };

    public static IReadOnlyDictionary<string, SearchKind> Searches { get; } = new Dictionary<string, SearchKind>
    {
        ["grid"] = SearchKind.Grid,
        ["random"] = SearchKind.Random,
    };

    public static IReadOnlyDictionary<string, DistributionKind> Distributions { get; } = new Dictionary<string, DistributionKind>
    {
        ["uniform"] = DistributionKind.Uniform,
        ["log_uniform"] = DistributionKind.LogUniform,
        ["int_uniform"] = DistributionKind.IntUniform,
    };

    public static string Of<T>(IReadOnlyDictionary<string, T> names, T value)
        where T : struct, Enum => names.First(pair => EqualityComparer<T>.Default.Equals(pair.Value, value)).Key;
}
