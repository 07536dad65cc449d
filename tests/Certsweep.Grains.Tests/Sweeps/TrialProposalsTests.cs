using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps;
using Certsweep.Grains.Sweeps.Search;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class TrialProposalsTests
{
    /// <summary>A TPE sweep over a log-uniform lambda, an integer warmup, a listed method and a joint warmup start.</summary>
    private static SweepSpec Spec(int trials = 16, int startup = 4) => new(
        ParameterSet.Of([
            Parameters.Dataset.Set("synthetic"), Parameters.Epochs.Set(20), Parameters.Eps.Set(0.1),
            Parameters.SearchKind.Set("tpe"), Parameters.SearchTrials.Set(trials), Parameters.SearchStartup.Set(startup), Parameters.SearchSeed.Set(7),
        ]),
        [
            new SweepAxis(Parameters.Lambda, null, new Distribution(DistributionKind.LogUniform, ParameterValue.Of(0.01), ParameterValue.Of(2.0))),
            new SweepAxis(Parameters.Warmup, null, new Distribution(DistributionKind.IntUniform, ParameterValue.Of(2), ParameterValue.Of(10))),
            SweepAxis.Of(Parameters.Method, "fast"),
            SweepAxis.Of(Parameters.Seed, 1, 2, 3),
        ]);

    /// <summary>Rows of <paramref name="configs"/>, each completed with verified error <paramref name="objective"/>(config).</summary>
    private static List<TrialStatus> Finished(IReadOnlyList<TrialConfig> configs, Func<TrialConfig, double> objective) =>
        configs.Select((c, i) => Trials.Status(i + 1, TrialState.Completed, attempt: 1) with { Best = new BestEpoch(20, 0.1, objective(c)) }).ToList();

    private static double DistanceFromBest(TrialConfig c) =>
        Math.Abs(Math.Log(c.Get(Parameters.Lambda) / 0.3)) + (Math.Abs(c.Get(Parameters.Warmup) - 8) / 4.0) + (c.Get(Parameters.Seed) == 2 ? 0 : 0.5);

    [Fact]
    public void The_axes_make_the_space_lists_of_several_values_as_categories_and_one_value_fixed()
    {
        var space = SpecSearchSpace.Of(Spec());
        // In the parameters' declaration order, as the grid's.
        Assert.Equal(["warmup", "lambda", "seed"], space.Space.Dimensions.Select(d => d.Name));
        Assert.IsType<IntUniformDimension>(space.Space.Dimensions[0]);
        Assert.IsType<LogUniformDimension>(space.Space.Dimensions[1]);
        Assert.Equal(["0", "1", "2"], Assert.IsType<CategoricalDimension>(space.Space.Dimensions[2]).Choices);

        var config = space.ConfigOf(space.PointAt([7, 0.05, 2]));
        Assert.Equal((0.05, 7, 3, "fast"), (config.Get(Parameters.Lambda), config.Get(Parameters.Warmup), config.Get(Parameters.Seed), config.Get(Parameters.Method)));
    }

    [Fact]
    public void Trials_are_proposed_one_at_a_time_up_to_the_count_the_first_at_random_then_where_the_finished_ones_did_best()
    {
        var spec = Spec(trials: 30, startup: 6);
        var proposals = new TrialProposals(spec, []);
        var random = new RandomSearcher(SpecSearchSpace.Of(spec).Space, 7);
        var rows = new List<TrialStatus>();
        while (proposals.HasMore)
        {
            var config = proposals.ProposeNext(rows);
            if (proposals.Count <= 6)
            {
                // The start-up trials are random search's points for the seed.
                Assert.Equal(SpecSearchSpace.Of(spec).ConfigOf(random.Next([], Enumerable.Repeat(default(SearchPoint)!, proposals.Count - 1).ToList())), config);
            }

            rows.Add(Trials.Status(proposals.Count, TrialState.Completed, attempt: 1) with { Best = new BestEpoch(20, 0.1, DistanceFromBest(config)) });
            Assert.InRange(config.Get(Parameters.Lambda), 0.01, 2.0);
            Assert.InRange(config.Get(Parameters.Warmup), 2, 10);
        }

        Assert.Equal(30, proposals.Count);
        Assert.Throws<InvalidOperationException>(() => proposals.ProposeNext(rows));

        // The model's proposals are better on the whole than the random start.
        var objectives = rows.Select(r => r.Best!.VerifiedError).ToList();
        Assert.True(objectives.Skip(6).Order().Take(6).Average() < objectives.Take(6).Average());
    }

    [Fact]
    public void A_coordinator_rebuilt_from_the_stored_points_continues_identically()
    {
        var spec = Spec();
        var first = new TrialProposals(spec, []);
        var rows = new List<TrialStatus>();
        for (var i = 0; i < 8; i++)
        {
            var config = first.ProposeNext(rows);
            rows.Add(Trials.Status(i + 1, i % 3 == 2 ? TrialState.Running : TrialState.Completed, attempt: 1) with { Best = new BestEpoch(20, 0.1, DistanceFromBest(config)) });
        }

        var moved = new TrialProposals(spec, first.Points);
        Assert.Equal(first.Configs, moved.Configs);
        for (var i = 0; i < 5; i++)
        {
            var next = first.ProposeNext(rows);
            Assert.Equal(next, moved.ProposeNext(rows));
            rows.Add(Trials.Status(rows.Count + 1, TrialState.Running, attempt: 1));
        }
    }

    [Fact]
    public void A_diverged_trial_counts_as_the_worst_error_and_a_failed_one_as_still_running()
    {
        var spec = Spec(trials: 12, startup: 4);
        IReadOnlyList<TrialStatus> Rows(TrialState third, BestEpoch? best)
        {
            var proposals = new TrialProposals(spec, []);
            var rows = new List<TrialStatus>();
            for (var i = 0; i < 6; i++)
            {
                var config = proposals.ProposeNext(rows);
                rows.Add(Trials.Status(i + 1, TrialState.Completed, attempt: 1) with { Best = new BestEpoch(20, 0.1, DistanceFromBest(config)) });
            }

            rows[2] = rows[2] with { State = third, Best = best };
            return rows;
        }

        TrialConfig Next(IReadOnlyList<TrialStatus> rows)
        {
            var proposals = new TrialProposals(spec, []);
            for (var i = 0; i < rows.Count; i++)
            {
                proposals.ProposeNext(rows.Take(i).ToList());
            }

            return proposals.ProposeNext(rows);
        }

        Assert.Equal(Next(Rows(TrialState.Completed, new BestEpoch(20, 0.9, 1.0))), Next(Rows(TrialState.Diverged, null)));
        Assert.Equal(Next(Rows(TrialState.Running, null)), Next(Rows(TrialState.Failed, null)));
        Assert.NotEqual(Next(Rows(TrialState.Running, null)), Next(Rows(TrialState.Diverged, null)));
    }
}
