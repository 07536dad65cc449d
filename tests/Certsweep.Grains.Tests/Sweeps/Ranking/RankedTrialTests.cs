using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Grains.Tests.Sweeps.Ranking;

public sealed class RankedTrialTests
{
    /// <summary>Best (verified, clean) per trial: 1 (0.40, 0.30), 2 (0.35, 0.35), 3 (0.50, 0.20), 4 (0.45, 0.40, dominated
    /// by 1 and 2), 5 never at full eps.</summary>
    private static IReadOnlyList<TrialStatus> Rows() =>
    [
        Trials.Status(1, TrialState.Completed, 1) with { Best = new BestEpoch(9, 0.30, 0.40) },
        Trials.Status(2, TrialState.Stopped, 1) with { Best = new BestEpoch(4, 0.35, 0.35) },
        Trials.Status(3, TrialState.Completed, 1) with { Best = new BestEpoch(9, 0.20, 0.50) },
        Trials.Status(4, TrialState.Completed, 1) with { Best = new BestEpoch(9, 0.40, 0.45) },
        Trials.Status(5, TrialState.Diverged, 1),
    ];

    [Fact]
    public void One_objective_ranks_by_it_and_every_trial_still_gets_its_front()
    {
        var ranking = RankedTrial.Order(Rows(), [SweepObjectives.VerifiedError]);
        Assert.Equal([2, 1, 4, 3], ranking.Select(r => r.Number));
        Assert.Equal([1, 1, 2, 1], ranking.Select(r => r.Front));
        Assert.Equal([3, 1, 2, 4], RankedTrial.Order(Rows(), [SweepObjectives.CleanError]).Select(r => r.Number));

        // A stopped trial is ranked with what it reached.
        Assert.Equal(TrialState.Stopped, ranking[0].State);
    }

    [Fact]
    public void The_first_alone_is_the_first_of_the_ranking_for_every_choice_of_objectives()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(1, 500)
            .Select(n => Trials.Status(n, TrialState.Completed, 1) with
            {
                Best = n % 7 == 0 ? null : new BestEpoch(9, random.Next(4) / 4.0, random.Next(4) / 4.0),
            })
            .ToList();
        foreach (var objectives in new IReadOnlyList<string>[]
        {
            [SweepObjectives.VerifiedError], [SweepObjectives.CleanError],
            [SweepObjectives.VerifiedError, SweepObjectives.CleanError], [SweepObjectives.CleanError, SweepObjectives.VerifiedError],
        })
        {
            Assert.Equal(RankedTrial.Order(rows, objectives)[0], RankedTrial.First(rows, objectives));
        }

        Assert.Null(RankedTrial.First(rows.Select(r => r with { Best = null }), [SweepObjectives.VerifiedError]));
    }

    [Fact]
    public void Two_objectives_rank_by_pareto_front_then_by_the_first_objective()
    {
        var ranking = RankedTrial.Order(Rows(), [SweepObjectives.CleanError, SweepObjectives.VerifiedError]);
        Assert.Equal([3, 1, 2, 4], ranking.Select(r => r.Number));
        Assert.Equal([1, 1, 1, 2], ranking.Select(r => r.Front));
        Assert.Equal([1, 2, 3, 4], ranking.Select(r => r.Rank));
    }

    [Fact]
    public void The_best_epoch_is_chosen_on_the_validation_split_and_keeps_its_test_figures()
    {
        static PassResult Pass(double clean, double? verified) => new(100, clean, verified, 1, 1, 1, null, null, null, null, null);
        static EpochResult Epoch(int epoch, double eps, PassResult test, PassResult? validation) => new()
        {
            Epoch = epoch, Epochs = 3, Eps = eps, EpsMax = 0.1, LearningRate = 1e-3, Train = test, Test = test, Validation = validation,
        };

        EpochResult[] epochs =
        [
            Epoch(1, 0.05, Pass(0.1, 0.2), Pass(0.1, 0.1)),
            Epoch(2, 0.1, Pass(0.2, 0.30), Pass(0.2, 0.50)),
            Epoch(3, 0.1, Pass(0.3, 0.40), Pass(0.3, 0.45)),
        ];

        // Epoch 1 is not at full eps; epoch 3 is better on validation, though epoch 2 is on test.
        Assert.Equal(new BestEpoch(3, 0.3, 0.45, OnValidation: true, TestCleanError: 0.3, TestVerifiedError: 0.40), BestEpoch.Of(epochs));
        Assert.Equal(new BestEpoch(2, 0.2, 0.30), BestEpoch.Of(epochs.Select(e => e with { Validation = null })));
        Assert.Null(BestEpoch.Of(epochs.Take(1)));
    }
}
