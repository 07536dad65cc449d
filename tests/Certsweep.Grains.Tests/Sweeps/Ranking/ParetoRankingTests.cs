using Certsweep.Contracts.Sweeps.Ranking;

namespace Certsweep.Grains.Tests.Sweeps.Ranking;

public sealed class ParetoRankingTests
{
    private static ParetoCandidate C(int trial, params double[] objectives) => new(trial, objectives);

    [Fact]
    public void Dominating_means_no_worse_on_every_objective_and_better_on_one()
    {
        Assert.True(ParetoRanking.Dominates(new[] { 0.1, 0.2 }, new[] { 0.1, 0.3 }));
        Assert.False(ParetoRanking.Dominates(new[] { 0.1, 0.2 }, new[] { 0.1, 0.2 }));
        Assert.False(ParetoRanking.Dominates(new[] { 0.1, 0.4 }, new[] { 0.2, 0.3 }));
    }

    [Fact]
    public void Fronts_peel_off_non_dominated_trials_and_a_front_is_ordered_by_the_first_objective()
    {
        // (verified, clean): front 1 is the trade-off 1-2-3; 4 is dominated by 2 (and its twin 7), 5 by 4, 6 by 3.
        var places = ParetoRanking.Rank(new[]
        {
            C(1, 0.30, 0.10), C(2, 0.25, 0.15), C(3, 0.20, 0.30),
            C(4, 0.26, 0.16), C(5, 0.27, 0.20), C(6, 0.21, 0.31), C(7, 0.25, 0.15),
        });

        Assert.Equal(new[] { 3, 2, 7, 1, 6, 4, 5 }, places.Select(p => p.Trial));
        Assert.Equal(new[] { 1, 1, 1, 1, 2, 2, 3 }, places.Select(p => p.Front));
        Assert.Equal(Enumerable.Range(1, 7), places.Select(p => p.Rank));
    }

    [Fact]
    public void One_objective_ranks_by_it_and_three_objectives_use_them_all()
    {
        Assert.Equal(new[] { (2, 1), (3, 2), (1, 3) },
            ParetoRanking.Rank(new[] { C(1, 0.5), C(2, 0.1), C(3, 0.3) }).Select(p => (p.Trial, p.Front)));

        var three = ParetoRanking.Rank(new[] { C(1, 1, 1, 1), C(2, 0, 2, 2), C(3, 1, 1, 2), C(4, 2, 2, 0), C(5, 2, 2, 1) });
        Assert.Equal(new[] { (2, 1), (1, 1), (4, 1), (3, 2), (5, 2) }, three.Select(p => (p.Trial, p.Front)));
        Assert.Empty(ParetoRanking.Rank(Array.Empty<ParetoCandidate>()));
    }

    [Fact]
    public void Fronts_agree_with_a_brute_force_peeling_on_random_points()
    {
        var random = new Random(3);
        var candidates = Enumerable.Range(1, 300)
            .Select(t => C(t, Math.Round(random.NextDouble(), 2), Math.Round(random.NextDouble(), 2)))
            .ToList();
        AssertFrontsArePeeledLayers(candidates);
    }

    [Fact]
    public void Fronts_agree_with_a_brute_force_peeling_where_most_points_tie()
    {
        var random = new Random(5);
        var candidates = Enumerable.Range(1, 400).Select(t => C(t, random.Next(3) / 2.0, random.Next(3) / 2.0)).ToList();
        AssertFrontsArePeeledLayers(candidates);

        // A sweep whose trials all tie is one front, in trial order.
        var tied = ParetoRanking.Rank(Enumerable.Range(1, 20_000).Select(t => C(t, 0, 0)).ToList());
        Assert.All(tied, p => Assert.Equal((1, p.Trial), (p.Front, p.Rank)));
    }

    [Fact]
    public void Candidates_must_share_the_number_of_objectives_and_have_no_nan()
    {
        Assert.Throws<ArgumentException>(() => ParetoRanking.Rank(new[] { C(1, 0.1, 0.2), C(2, 0.1) }));
        Assert.Throws<ArgumentException>(() => ParetoRanking.Rank(new[] { C(1, double.NaN) }));
    }

    /// <summary>Each candidate's front is the round in which peeling the undominated ones off what is left removes it.</summary>
    private static void AssertFrontsArePeeledLayers(IReadOnlyList<ParetoCandidate> candidates)
    {
        var front = ParetoRanking.Rank(candidates).ToDictionary(p => p.Trial, p => p.Front);

        var left = candidates.ToList();
        for (var k = 1; left.Count > 0; k++)
        {
            var peeled = left.Where(c => !left.Any(o => ParetoRanking.Dominates(o.Objectives, c.Objectives))).ToList();
            Assert.All(peeled, c => Assert.Equal(k, front[c.Trial]));
            left = left.Except(peeled).ToList();
        }
    }
}
