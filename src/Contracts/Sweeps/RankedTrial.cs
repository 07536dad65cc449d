using Certsweep.Contracts.Sweeps.Ranking;
using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;

namespace Certsweep.Contracts.Sweeps;

/// <summary>
/// A trial's place in its sweep's ranking, by its best epoch's errors on the selection split (only trials with an
/// epoch at full eps are ranked). With one objective: by it, then by the other error, then trial number. With two:
/// by Pareto front, then by the objectives in order within a front (<see cref="ParetoRanking"/>).
/// <see cref="Front"/> is the trial's Pareto front over verified and clean error in either case (1: no ranked trial
/// is better on both).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RankedTrial(
    [property: Id(0)] int Rank,
    [property: Id(1)] string TrialId,
    [property: Id(2)] int Number,
    [property: Id(3)] ParameterSet Axes,
    [property: Id(4)] BestEpoch Best,
    [property: Id(5)] TrialState State,
    [property: Id(6)] int Front = 1)
{
    /// <summary>The ranking by verified error (a sweep that names no objectives).</summary>
    public static IReadOnlyList<RankedTrial> Order(IEnumerable<TrialStatus> trials) => Order(trials, SweepObjectives.Default);

    /// <summary>The first of <see cref="Order(IEnumerable{TrialStatus}, IReadOnlyList{string})"/>, found in one pass: in
    /// either order the first trial is the least by the objectives in turn, then by number, and no trial dominates it.</summary>
    public static RankedTrial? First(IEnumerable<TrialStatus> trials, IReadOnlyList<string> objectives)
    {
        var compared = SweepObjectives.WithTieBreak(objectives);
        var ranked = trials.Where(t => t.Best is not null).ToList();
        if (ParetoRanking.First(ranked.Select(t => Candidate(t, compared))) is not { } first)
        {
            return null;
        }

        var best = ranked.First(t => t.Number == first.Trial);
        return new RankedTrial(1, best.TrialId, best.Number, best.Axes, best.Best!, best.State, Front: 1);
    }

    public static IReadOnlyList<RankedTrial> Order(IEnumerable<TrialStatus> trials, IReadOnlyList<string> objectives)
    {
        var ranked = trials.Where(t => t.Best is not null).ToList();
        var compared = SweepObjectives.WithTieBreak(objectives);
        var places = ParetoRanking.Rank(ranked.Select(t => Candidate(t, compared)).ToList());
        var byNumber = ranked.ToDictionary(t => t.Number);

        // Pareto's order is by front, then the objectives; one objective orders by the objectives alone.
        var order = objectives.Count >= 2
            ? places
            : places.OrderBy(p => byNumber[p.Trial].Best!.Objective(compared[0]))
                .ThenBy(p => byNumber[p.Trial].Best!.Objective(compared[1]))
                .ThenBy(p => p.Trial)
                .ToList();
        return order.Select((p, i) =>
        {
            var t = byNumber[p.Trial];
            return new RankedTrial(i + 1, t.TrialId, t.Number, t.Axes, t.Best!, t.State, p.Front);
        }).ToList();
    }

    private static ParetoCandidate Candidate(TrialStatus trial, IReadOnlyList<string> compared) =>
        new(trial.Number, compared.Select(trial.Best!.Objective).ToList());
}
