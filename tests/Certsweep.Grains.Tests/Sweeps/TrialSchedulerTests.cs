using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps;
using Certsweep.Grains.Sweeps.Scheduling;
using Certsweep.Hyperparameters;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class TrialSchedulerTests
{
    private static TrialStatus Epoch(int trial, int epoch, double verified, double eps = 0.1, int seconds = 0) =>
        Trials.Status(trial, TrialState.Running, attempt: 1, revision: epoch) with
        {
            Epoch = epoch,
            Eps = eps,
            VerifiedError = verified,
            CleanError = verified / 2,
            UpdatedAt = Trials.T0.AddSeconds(seconds),
        };

    [Fact]
    public void Without_a_stopping_rule_every_trial_continues()
    {
        var scheduler = new TrialScheduler(rule: null);
        Assert.Null(scheduler.OnReport(Epoch(1, 1, 0.1)));
        Assert.Null(scheduler.OnReport(Epoch(2, 1, 0.99, seconds: 1)));
    }

    [Fact]
    public void Each_reported_epoch_is_judged_once_by_the_rule_on_the_rules_metric()
    {
        var scheduler = new TrialScheduler(new AshaScheduler("verified_error", reductionFactor: 2, minEpochs: 1, grace: 0));
        Assert.Null(scheduler.OnReport(Epoch(1, 1, 0.3)));

        var stop = scheduler.OnReport(Epoch(2, 1, 0.5, seconds: 1));
        Assert.Equal((1, (int?)1), (stop!.Epoch, stop.Rung));
        Assert.Contains("verified_error 0.5", stop.Reason);

        // The same epoch again (a resumed trial reporting it again, or a later revision): no second verdict.
        Assert.Null(scheduler.OnReport(Epoch(2, 1, 0.5, seconds: 2) with { Revision = 9 }));
    }

    [Fact]
    public void A_status_read_mid_epoch_is_not_an_epoch_report()
    {
        var scheduler = new TrialScheduler(new AshaScheduler("clean_error", reductionFactor: 2, minEpochs: 1, grace: 0));
        Assert.Null(scheduler.OnReport(Epoch(1, 1, 0.2)));

        // Mid-epoch 2 of trial 2: its eps is the running batch's; epoch 1 is judged from its own report only.
        Assert.Null(scheduler.OnReport(Epoch(2, 1, 0.8, seconds: 1) with { Batch = 3, BatchesPerEpoch = 10 }));
        Assert.NotNull(scheduler.OnReport(Epoch(2, 1, 0.8, seconds: 1)));
    }

    [Fact]
    public void The_spec_names_the_rule_and_its_settings()
    {
        var spec = Trials.Spec(2);
        Assert.False(TrialScheduler.For(spec).IsActive);
        Assert.False(TrialScheduler.For(spec.With(Parameters.SchedulerKind.Set("none"))).IsActive);

        // ASHA with eta 2 from epoch 1, no grace: the second trial at rung 1 is the worse of two and stops.
        var asha = TrialScheduler.For(spec.With(Parameters.SchedulerKind.Set("asha"), Parameters.SchedulerMetric.Set("clean_error"),
            Parameters.SchedulerReductionFactor.Set(2), Parameters.SchedulerMinEpochs.Set(1), Parameters.SchedulerGrace.Set(0)));
        Assert.True(asha.IsActive);
        Assert.Null(asha.OnReport(Epoch(1, 1, 0.2)));
        Assert.Contains("clean_error 0.4", asha.OnReport(Epoch(2, 1, 0.8, seconds: 1))!.Reason);

        // The median rule needs three others at the epoch.
        var median = TrialScheduler.For(spec.With(Parameters.SchedulerKind.Set("median"), Parameters.SchedulerMetric.Set("verified_error"),
            Parameters.SchedulerMinEpochs.Set(1), Parameters.SchedulerGrace.Set(0)));
        Assert.Null(median.OnReport(Epoch(1, 1, 0.9)));
        Assert.Null(median.OnReport(Epoch(2, 1, 0.1, seconds: 1)));
    }

    [Fact]
    public void A_report_that_skips_an_epoch_asks_for_the_history_which_judges_the_rung_it_skipped()
    {
        var scheduler = new TrialScheduler(new AshaScheduler("verified_error", reductionFactor: 2, minEpochs: 1, grace: 0));
        for (var e = 1; e <= 3; e++)
        {
            Assert.Null(scheduler.OnReport(Epoch(1, e, 0.2, seconds: e)));
        }

        // Trial 2's reports of epochs 1 and 2 were overtaken by epoch 3's: its rung 2 (epoch 2) is in its history only.
        Assert.Null(scheduler.OnReport(Epoch(2, 3, 0.9, seconds: 30), out var needsHistory));
        Assert.True(needsHistory);
        Assert.Equal(0, scheduler.HeardThrough(2));

        var history = Enumerable.Range(1, 3).Select(e => Result(e, verified: 0.9, finished: Trials.T0.AddSeconds(10 * e))).ToList();
        var stop = scheduler.OnHistory(2, history);
        Assert.Equal((1, (int?)1), (stop!.Epoch, stop.Rung));
        Assert.Equal(3, scheduler.HeardThrough(2));
        Assert.Null(scheduler.OnReport(Epoch(2, 3, 0.9, seconds: 30), out needsHistory));
        Assert.False(needsHistory);
    }

    [Fact]
    public void Records_rebuilt_from_histories_reach_the_decisions_made_live()
    {
        // Four trials, epochs finishing interleaved; ASHA eta 2 at epochs 1 and 2 (of 4).
        var errors = new[] { 0.5, 0.3, 0.7, 0.2 };
        var live = new TrialScheduler(new AshaScheduler("verified_error", reductionFactor: 2, minEpochs: 1, grace: 0));
        var decided = new Dictionary<int, int>();
        var histories = new Dictionary<int, List<EpochResult>>();
        for (var e = 1; e <= 3; e++)
        {
            for (var t = 1; t <= 4; t++)
            {
                if (decided.ContainsKey(t))
                {
                    continue;
                }

                var seconds = (10 * e) + t;
                histories.TryAdd(t, new List<EpochResult>());
                histories[t].Add(Result(e, errors[t - 1] - (0.01 * e), Trials.T0.AddSeconds(seconds)));
                if (live.OnReport(Epoch(t, e, errors[t - 1] - (0.01 * e), seconds: seconds) with { LastEpochFinishedAt = Trials.T0.AddSeconds(seconds) }) is { } stop)
                {
                    decided[t] = stop.Epoch;
                }
            }
        }

        Assert.NotEmpty(decided);
        var rebuilt = new TrialScheduler(new AshaScheduler("verified_error", reductionFactor: 2, minEpochs: 1, grace: 0));
        var again = rebuilt.Take(histories.Select(h => (h.Key, (IReadOnlyList<EpochResult>)h.Value, 0)).Reverse());
        Assert.Equal(decided.OrderBy(d => d.Key), again.Select(d => KeyValuePair.Create(d.Key, d.Value.Epoch)).OrderBy(d => d.Key));

        // Epochs the previous coordinator had heard of were judged then: not again.
        var taken = new TrialScheduler(new AshaScheduler("verified_error", reductionFactor: 2, minEpochs: 1, grace: 0))
            .Take(histories.Select(h => (h.Key, (IReadOnlyList<EpochResult>)h.Value, h.Value.Count)));
        Assert.Empty(taken);
    }

    private static EpochResult Result(int epoch, double verified, DateTimeOffset finished)
    {
        var pass = new PassResult(100, verified / 2, verified, 1, 1, 1, null, null, null, null, null);
        return new EpochResult
        {
            Epoch = epoch, Epochs = 10, Eps = 0.1, EpsMax = 0.1, LearningRate = 1e-3, Train = pass, Test = pass, FinishedAt = finished,
        };
    }

    [Fact]
    public void An_unknown_metric_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrialScheduler(new AshaScheduler("accuracy", 2, 1, 0)));
        Assert.Contains("verified_error, clean_error", error.Message);
    }
}
