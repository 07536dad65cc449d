using Certsweep.Grains.Sweeps.Scheduling;

namespace Certsweep.Grains.Tests.Sweeps.Scheduling;

public sealed class AshaSchedulerTests
{
    [Fact]
    public void Rungs_sit_at_min_epochs_times_powers_of_the_reduction_factor_below_the_last_epoch()
    {
        Assert.Equal(new[] { 1, 3, 9, 27 }, new AshaScheduler("verified_error", 3, 1, 0).Rungs(30));
        Assert.Equal(new[] { 1, 3, 9 }, new AshaScheduler("verified_error", 3, 1, 0).Rungs(27));
        Assert.Equal(new[] { 4, 8, 16, 32 }, new AshaScheduler("verified_error", 2, 4, 0).Rungs(40));
        Assert.Empty(new AshaScheduler("verified_error", 2, 40, 0).Rungs(40));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AshaScheduler("verified_error", 1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AshaScheduler("verified_error", 2, 0, 0));
    }

    [Fact]
    public void At_a_rung_a_trial_continues_when_it_is_among_the_best_share_of_those_that_got_there_before_it()
    {
        var asha = new AshaScheduler("verified_error", reductionFactor: 3, minEpochs: 3, grace: 0);
        var records = new EpochRecords();

        // n trials at the rung keep max(1, n / 3): the first always continues, then only the best so far...
        Assert.Null(asha.Report(records, Records.At(1, 3, 0.50, 1)));
        Assert.NotNull(asha.Report(records, Records.At(2, 3, 0.60, 2)));
        Assert.Null(asha.Report(records, Records.At(3, 3, 0.40, 3)));
        Assert.NotNull(asha.Report(records, Records.At(4, 3, 0.45, 4)));
        Assert.NotNull(asha.Report(records, Records.At(5, 3, 0.41, 5)));

        // ...from six on the best two (0.45 places 3rd of 6 and stops; 0.41 is 2nd of 7, a tie counting in its
        // favour), from nine on the best three.
        var stop = asha.Report(records, Records.At(6, 3, 0.45, 6));
        Assert.Equal("ASHA rung 1 (epoch 3): verified_error 0.45 at full eps placed 3 of 6; the best 2 continue", stop!.Reason);
        Assert.Equal((3, (int?)1), (stop.Epoch, stop.Rung));
        Assert.Null(asha.Report(records, Records.At(7, 3, 0.41, 7)));
        Assert.Null(asha.Report(records, Records.At(8, 3, 0.40, 8)));
        Assert.Null(asha.Report(records, Records.At(9, 3, 0.405, 9)));
        Assert.NotNull(asha.Report(records, Records.At(10, 3, 0.41, 10)));

        // Between rungs nobody is judged.
        Assert.Null(asha.Report(records, Records.At(2, 4, 0.99, 10)));
    }

    [Fact]
    public void Ties_count_in_the_judged_trials_favour_and_the_last_epoch_is_never_a_rung()
    {
        var asha = new AshaScheduler("verified_error", reductionFactor: 2, minEpochs: 3, grace: 0);
        var records = new EpochRecords();
        Assert.Null(asha.Report(records, Records.At(1, 3, 0.5, 1, epochs: 6)));
        Assert.Null(asha.Report(records, Records.At(2, 3, 0.5, 2, epochs: 6)));

        Assert.Null(asha.Report(records, Records.At(1, 6, 0.1, 3, epochs: 6)));
        Assert.Null(asha.Report(records, Records.At(2, 6, 0.9, 4, epochs: 6)));
    }

    [Fact]
    public void A_trial_still_in_its_eps_warmup_at_a_rung_is_not_judged_there_nor_compared_with()
    {
        var asha = new AshaScheduler("verified_error", reductionFactor: 2, minEpochs: 4, grace: 0);
        var records = new EpochRecords();

        // Trial 1's warmup is long: at epoch 4 its verified error is at eps 0.04, lower than anyone's at full eps.
        Assert.Null(asha.Report(records, Records.At(1, 4, 0.20, 1, eps: 0.04)));
        Assert.Null(asha.Report(records, Records.At(2, 4, 0.50, 2)));
        Assert.NotNull(asha.Report(records, Records.At(3, 4, 0.55, 3)));

        // A worse value during the warmup still passes the rung: there is nothing to compare it with.
        Assert.Null(asha.Report(records, Records.At(4, 4, 0.90, 4, eps: 0.04)));

        // At the next rung trial 1 is at full eps and judged against the full-eps records there.
        Assert.Null(asha.Report(records, Records.At(2, 8, 0.40, 5)));
        Assert.NotNull(asha.Report(records, Records.At(1, 8, 0.45, 6)));
    }

    [Fact]
    public void Grace_epochs_after_the_warmup_pass_a_rung_unjudged()
    {
        var asha = new AshaScheduler("verified_error", reductionFactor: 2, minEpochs: 4, grace: 2);
        var records = new EpochRecords();
        records.Add(Records.At(1, 2, 0.50, 0));
        Assert.Null(asha.Report(records, Records.At(1, 4, 0.40, 1)));

        // Trial 2's eps became full at epoch 3: at epoch 4 it is within its grace.
        records.Add(Records.At(2, 3, 0.70, 1.5));
        Assert.Null(asha.Report(records, Records.At(2, 4, 0.60, 2)));
        records.Add(Records.At(3, 2, 0.70, 1.6));
        Assert.NotNull(asha.Report(records, Records.At(3, 4, 0.60, 3)));
    }

    [Fact]
    public void Trials_with_another_full_eps_do_not_compete()
    {
        var asha = new AshaScheduler("verified_error", reductionFactor: 2, minEpochs: 1, grace: 0);
        var records = new EpochRecords();
        Assert.Null(asha.Report(records, Records.At(1, 1, 0.2, 1)));
        Assert.Null(asha.Report(records, Records.At(2, 1, 0.6, 2, eps: 0.3, epsMax: 0.3)));
        Assert.NotNull(asha.Report(records, Records.At(3, 1, 0.7, 3, eps: 0.3, epsMax: 0.3)));
    }

    [Fact]
    public void Decisions_rebuilt_from_all_records_at_once_are_the_ones_taken_as_records_arrived()
    {
        var asha = new AshaScheduler("verified_error", reductionFactor: 3, minEpochs: 1, grace: 1);
        var random = new Random(7);
        var all = new List<EpochRecord>();
        for (var trial = 1; trial <= 40; trial++)
        {
            var warmup = 1 + random.Next(4);
            var speed = 0.5 + random.NextDouble();
            var quality = random.NextDouble();
            for (var epoch = 1; epoch <= 20; epoch++)
            {
                var eps = Records.EpsMax * Math.Min(1.0, (double)epoch / warmup);
                all.Add(Records.At(trial, epoch, quality + 1.0 / epoch + 0.05 * random.NextDouble(), trial * 0.37 + epoch * speed, eps: eps, epochs: 20));
            }
        }

        // Live: records arrive in finish order, and a stopped trial reports no further epochs.
        var live = new EpochRecords();
        var stopped = new Dictionary<int, StopDecision>();
        foreach (var record in all.OrderBy(r => r.FinishedAt).ThenBy(r => r.Trial))
        {
            if (!stopped.ContainsKey(record.Trial) && asha.Report(live, record) is { } stop)
            {
                stopped[record.Trial] = stop;
            }
        }

        Assert.InRange(stopped.Count, 10, 39);

        // Rebuilt: the same records, added in another order, then each judged.
        var rebuilt = new EpochRecords();
        foreach (var record in all.Where(r => !stopped.TryGetValue(r.Trial, out var s) || r.Epoch <= s.Epoch).OrderBy(_ => random.Next()))
        {
            rebuilt.Add(record);
        }

        var again = new Dictionary<int, StopDecision>();
        foreach (var trial in rebuilt.AtEpoch(1).Select(r => r.Trial))
        {
            if (rebuilt.OfTrial(trial).Select(r => asha.Judge(r, rebuilt)).FirstOrDefault(d => d is not null) is { } stop)
            {
                again[trial] = stop;
            }
        }

        Assert.Equal(stopped.OrderBy(p => p.Key), again.OrderBy(p => p.Key));
    }
}
