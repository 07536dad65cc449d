using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;

namespace Certsweep.Contracts.Sweeps;

/// <summary>A trial's place in its sweep's ranking: by best test verified error at full eps, then clean error,
/// then trial number. Only trials with an epoch at full eps are ranked.</summary>
[GenerateSerializer, Immutable]
public sealed record RankedTrial(
    [property: Id(0)] int Rank,
    [property: Id(1)] string TrialId,
    [property: Id(2)] int Number,
    [property: Id(3)] ParameterSet Axes,
    [property: Id(4)] BestEpoch Best,
    [property: Id(5)] TrialState State)
{
    public static IReadOnlyList<RankedTrial> Order(IEnumerable<TrialStatus> trials) =>
        trials.Where(t => t.Best is not null)
            .OrderBy(t => t.Best!.VerifiedError)
            .ThenBy(t => t.Best!.CleanError)
            .ThenBy(t => t.Number)
            .Select((t, i) => new RankedTrial(i + 1, t.TrialId, t.Number, t.Axes, t.Best!, t.State))
            .ToList();
}
