using Certsweep.Grains.Sweeps.Scheduling;

namespace Certsweep.Grains.Tests.Sweeps.Scheduling;

public sealed class MedianStoppingRuleTests
{
    /// <summary>Trials 1-3 at full eps from epoch 1, with values 0.3, 0.4, 0.5 at epochs 1-4 (finished first).</summary>
    private static EpochRecords ThreeRivals()
    {
        var records = new EpochRecords();
        for (var epoch = 1; epoch <= 4; epoch++)
        {
            records.Add(Records.At(1, epoch, 0.3, epoch));
            records.Add(Records.At(2, epoch, 0.4, epoch));
            records.Add(Records.At(3, epoch, 0.5, epoch));
        }

        return records;
    }

    [Fact]
    public void A_trial_whose_best_so_far_is_worse_than_the_median_of_the_others_at_that_epoch_stops()
    {
        var rule = new MedianStoppingRule("verified_error", minEpochs: 1, grace: 0);
        var records = ThreeRivals();
        Assert.Null(rule.Report(records, Records.At(4, 1, 0.40, 10)));

        var stop = rule.Report(records, Records.At(5, 1, 0.45, 11));
        Assert.Equal("median rule (epoch 1): best verified_error 0.45 at full eps is worse than the median 0.4 of 4 other trials there", stop?.Reason);
        Assert.Null(stop!.Rung);

        // Its best so far, not its latest value, is what is judged.
        var lucky = new MedianStoppingRule("verified_error", minEpochs: 1, grace: 0);
        records = ThreeRivals();
        records.Add(Records.At(5, 1, 0.2, 10));
        Assert.Null(lucky.Report(records, Records.At(5, 2, 0.9, 11)));
    }

    [Fact]
    public void Nothing_stops_before_min_epochs_at_the_last_epoch_below_full_eps_or_without_enough_rivals()
    {
        var late = new MedianStoppingRule("verified_error", minEpochs: 3, grace: 0);
        var records = ThreeRivals();
        Assert.Null(late.Report(records, Records.At(4, 2, 0.9, 10)));
        Assert.NotNull(late.Report(records, Records.At(4, 3, 0.9, 11)));

        var rule = new MedianStoppingRule("verified_error", minEpochs: 1, grace: 0);
        records = ThreeRivals();
        Assert.Null(rule.Report(records, Records.At(5, 4, 0.9, 10, epochs: 4)));
        Assert.Null(rule.Report(records, Records.At(6, 1, 0.9, 10, eps: 0.05)));

        var demanding = new MedianStoppingRule("verified_error", minEpochs: 1, grace: 0, minRivals: 4);
        Assert.Null(demanding.Report(ThreeRivals(), Records.At(7, 2, 0.9, 10)));
    }

    [Fact]
    public void Only_rivals_at_full_eps_that_finished_the_epoch_earlier_make_the_median()
    {
        var rule = new MedianStoppingRule("verified_error", minEpochs: 1, grace: 0, minRivals: 1);
        var records = new EpochRecords();
        records.Add(Records.At(1, 2, 0.1, 5, eps: 0.05));
        records.Add(Records.At(2, 2, 0.2, 20));
        records.Add(Records.At(3, 2, 0.6, 6));

        // Trial 1 is still ramping and trial 2 finished later: the median is trial 3's 0.6.
        Assert.Null(rule.Report(records, Records.At(4, 2, 0.5, 10)));
        Assert.NotNull(rule.Report(records, Records.At(5, 2, 0.7, 10)));
    }
}
