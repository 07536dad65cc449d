using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps;
using Certsweep.Grains.Sweeps.Scheduling;

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
    public void An_unknown_metric_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrialScheduler(new AshaScheduler("accuracy", 2, 1, 0)));
        Assert.Contains("verified_error, clean_error", error.Message);
    }
}
