using Certsweep.Client.Reports;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Tests.Reports;

public sealed class SweepRankingTests
{
    [Fact]
    public void Trials_are_ranked_by_best_verified_error_at_full_eps_and_those_never_there_come_last_unranked()
    {
        var trials = new[]
        {
            SampleSweep.Trial("c", "fast", 0.5, 2, 1, 0.40),
            SampleSweep.Trial("never", "vanilla", 0, 5, 1, 0.10, stoppedAfter: 4, state: "failed"),
            SampleSweep.Trial("a", "fast", 0.5, 2, 2, 0.35),
            SampleSweep.Trial("b", "vanilla", 0, 2, 1, 0.55),
            SampleSweep.Trial("empty", "vanilla", 0, 2, 2, 0.55, stoppedAfter: 0, state: "failed"),
        };

        var ranked = SweepRanking.Trials(trials);

        Assert.Equal(new[] { "a", "c", "b", "empty", "never" }, ranked.Select(r => r.Trial.Id));
        Assert.Equal(new int?[] { 1, 2, 3, null, null }, ranked.Select(r => r.Rank));
        Assert.Equal(0.35, ranked[0].Best!.TestVerifiedError!.Value, 12);
        Assert.Equal(8, ranked[0].Best!.Epoch);
        // "never" had a lower verified error than anyone, but only at a smaller eps.
        Assert.Null(ranked[4].Best);
    }

    /// <summary><paramref name="trial"/> with eps as an axis at <paramref name="eps"/>.</summary>
    public static TrialReport AtEps(TrialReport trial, double eps) => trial with
    {
        Config = trial.Config.With(Parameters.Eps.Set(eps)),
        Axes = trial.Axes.With(Parameters.Eps, ParameterValue.Of(eps)),
    };

    [Fact]
    public void Trials_and_configurations_of_different_eps_are_ranked_apart_smallest_eps_first()
    {
        var trials = new[]
        {
            AtEps(SampleSweep.Trial("big-fast", "fast", 0.5, 2, 1, 0.60), 0.2),
            AtEps(SampleSweep.Trial("small-fast", "fast", 0.5, 2, 1, 0.70), 0.1),
            AtEps(SampleSweep.Trial("small-vanilla", "vanilla", 0, 2, 1, 0.40), 0.1),
            AtEps(SampleSweep.Trial("big-vanilla", "vanilla", 0, 2, 1, 0.65), 0.2),
        };

        // big-fast's 60 % would rank it above small-fast's 70 %, but it was certified for a larger ball.
        var ranked = SweepRanking.Trials(trials);
        Assert.Equal(["small-vanilla", "small-fast", "big-fast", "big-vanilla"], ranked.Select(r => r.Trial.Id));
        Assert.Equal(new int?[] { 1, 2, 1, 2 }, ranked.Select(r => r.Rank));

        var configurations = SweepRanking.Configurations(trials);
        Assert.Equal(new int?[] { 1, 2, 1, 2 }, configurations.Select(c => c.Rank));
        Assert.Equal(["vanilla", "fast", "fast", "vanilla"], configurations.Select(c => c.Configuration.Method));
        Assert.Equal(["eps 0.1", "eps 0.1", "eps 0.2", "eps 0.2"], configurations.Select(c => c.Configuration.OtherAxes));
    }

    [Fact]
    public void The_best_epoch_is_the_lowest_verified_error_among_epochs_at_full_eps_only()
    {
        EpochRow Row(int epoch, double eps, double verified) =>
            new(epoch, eps, 0.1, 5e-4, 0.2, 0.2, verified, verified, 1, null, null, 0.3, 0.3, 1000);
        var trial = SampleSweep.Report("t", "cnn", "fast", 0.5, 2, 1, "completed", 5, new[]
        {
            Row(1, 0.05, 0.01), Row(2, 0.1, 0.50), Row(3, 0.1, 0.42), Row(4, 0.1, 0.42), Row(5, 0.1, 0.47),
        });

        Assert.Equal(3, trial.Best!.Epoch);
        Assert.Equal(0.47, trial.FinalAtFullEps!.TestVerifiedError!.Value, 12);
    }

    [Fact]
    public void With_a_validation_split_the_best_epoch_is_the_one_validation_picks_not_the_test_set()
    {
        var fast = SampleSweep.SelectingOnValidation().Trials.Single(t => t.Id == "fast-s1");

        // Validation is lowest at epoch 3 (45 %); the test set would pick epoch 4 (38 %); the ramp epoch is at a smaller eps.
        Assert.Equal(3, fast.Best!.Epoch);
        Assert.Equal(0.45, fast.Best.SelectionVerifiedError!.Value, 12);
        Assert.Equal(0.48, fast.Best.TestVerifiedError!.Value, 12);
        Assert.Equal(0.16, fast.Best.TestCleanError, 12);
    }

    [Fact]
    public void With_a_validation_split_trials_and_configurations_rank_on_validation_and_carry_the_test_errors_of_the_best_epochs()
    {
        var report = SampleSweep.SelectingOnValidation();

        var trials = SweepRanking.Trials(report.Trials);
        Assert.Equal(new[] { "fast-s1", "fast-s2", "vanilla-s1", "vanilla-s2" }, trials.Select(r => r.Trial.Id));
        Assert.Equal(new[] { 3, 3, 3, 3 }, trials.Select(r => r.Best!.Epoch));

        var configurations = SweepRanking.Configurations(report.Trials);
        Assert.Equal(new[] { "fast", "vanilla" }, configurations.Select(c => c.Configuration.Method));
        var fast = configurations[0];
        Assert.Equal(1, fast.Rank);
        Assert.Equal(0.455, fast.SelectionVerified!.Mean, 12);
        Assert.Equal(0.175, fast.SelectionClean!.Mean, 12);
        // The test errors at the validation-picked epochs, not the test set's own best (38 and 42 %).
        Assert.Equal(0.475, fast.Verified!.Mean, 12);
        Assert.Equal(Math.Sqrt(0.00005), fast.Verified.StandardDeviation!.Value, 12);
        Assert.Equal(0.175, fast.Clean!.Mean, 12);
        // Vanilla's test errors at its best epochs are lower (39 %), yet it ranks second: the test set does not rank.
        Assert.Equal(2, configurations[1].Rank);
        Assert.Equal(0.39, configurations[1].Verified!.Mean, 12);
        Assert.Equal(0.525, configurations[1].SelectionVerified!.Mean, 12);
    }

    [Fact]
    public void Sample_statistics_use_the_n_minus_1_deviation_and_none_for_one_value()
    {
        var statistics = SampleStatistics.Of(new[] { 2.0, 4, 4, 4, 5, 5, 7, 9 })!;
        Assert.Equal(8, statistics.Count);
        Assert.Equal(5.0, statistics.Mean, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), statistics.StandardDeviation!.Value, 12);

        var single = SampleStatistics.Of(new[] { 0.3 })!;
        Assert.Null(single.StandardDeviation);
        Assert.Equal("30.00 %", ReportFormat.MeanAndDeviation(single));
        Assert.Null(SampleStatistics.Of(Array.Empty<double>()));
        Assert.Equal(ReportFormat.Missing, ReportFormat.MeanAndDeviation(null));
    }

    [Fact]
    public void Configurations_pool_their_seeds_and_rank_by_mean_verified_error()
    {
        var results = SweepRanking.Configurations(SampleSweep.Full().Trials);

        var first = results[0];
        Assert.Equal(1, first.Rank);
        Assert.Equal(SampleSweep.Configuration("cnn", "fast", 0.5, 5), first.Configuration);
        Assert.Null(first.Verified!.StandardDeviation);

        // fast λ=0.5 warmup 5 on cnn_4layer_bn: seeds end at 0.49, 0.50, 0.51.
        var fast = results.Single(r => r.Configuration.Equals(SampleSweep.Configuration("cnn_4layer_bn", "fast", 0.5, 5)));
        Assert.Equal(2, fast.Rank);
        Assert.Equal(3, fast.Verified!.Count);
        Assert.Equal(0.50, fast.Verified.Mean, 12);
        Assert.Equal(0.01, fast.Verified.StandardDeviation!.Value, 12);
        Assert.Equal("50.00 ± 1.00 %", ReportFormat.MeanAndDeviation(fast.Verified));

        // Vanilla on cnn: two seeds, neither at full eps: no rank, last.
        var never = results[^1];
        Assert.Equal(SampleSweep.Configuration("cnn", "vanilla", 0, 5), never.Configuration);
        Assert.Null(never.Rank);
        Assert.Equal(2, never.Trials);
        Assert.Null(never.Verified);

        var means = results.Where(r => r.Rank is not null).Select(r => r.Verified!.Mean).ToList();
        Assert.Equal(means.Order(), means);
        Assert.Equal(Enumerable.Range(1, means.Count), results.Where(r => r.Rank is not null).Select(r => r.Rank!.Value));
    }

    [Fact]
    public void The_heatmap_grid_averages_final_verified_error_over_seeds_with_vanilla_as_its_own_row()
    {
        var grid = VerifiedErrorHeatmap.Build(SampleSweep.Full().Trials.Where(t => t.Model == "cnn_4layer_bn"));

        Assert.Equal(new[] { "vanilla", "fast λ=0.2", "fast λ=0.5" }, grid.Rows);
        Assert.Equal(new[] { "2 epochs", "5 epochs" }, grid.Columns);
        Assert.Equal(0.65, grid.Mean[0, 0], 12);
        Assert.Equal(0.60, grid.Mean[0, 1], 12);
        Assert.Equal(0.54, grid.Mean[1, 0], 12);
        Assert.Equal(0.50, grid.Mean[2, 1], 12);
        Assert.Equal(3, grid.Count[2, 1]);

        var cnn = VerifiedErrorHeatmap.Build(SampleSweep.Full().Trials.Where(t => t.Model == "cnn"));
        Assert.True(double.IsNaN(cnn.Mean[0, 0]));
        Assert.Equal(0, cnn.Count[0, 0]);
        Assert.Equal(0.45, cnn.Mean[1, 0], 12);
    }
}
