using Certsweep.Grains.Sweeps.Scheduling;

namespace Certsweep.Grains.Tests.Sweeps.Scheduling;

public sealed class EpochRecordsTests
{
    [Fact]
    public void The_first_record_of_a_trials_epoch_stays_and_records_are_found_by_trial_in_epoch_order_and_by_epoch()
    {
        var records = new EpochRecords();
        Assert.True(records.Add(Records.At(1, 3, 0.5, 3)));
        Assert.True(records.Add(Records.At(1, 1, 0.7, 1, eps: 0.05)));
        Assert.True(records.Add(Records.At(1, 2, 0.6, 2)));
        Assert.True(records.Add(Records.At(2, 2, 0.4, 2.5)));
        Assert.False(records.Add(Records.At(1, 2, 0.1, 9)));

        Assert.Equal(new[] { 1, 2, 3 }, records.OfTrial(1).Select(r => r.Epoch));
        Assert.Equal(0.6, records.OfTrial(1)[1].Value);
        Assert.Equal(new[] { 1, 2 }, records.AtEpoch(2).Select(r => r.Trial));
        Assert.Empty(records.AtEpoch(7));
        Assert.Empty(records.OfTrial(3));
        Assert.Equal(2, records.FullEpsSince(1));
        Assert.Null(records.FullEpsSince(3));
    }

    [Fact]
    public void Records_are_ordered_by_finish_time_then_trial_and_eps_compare_within_rounding()
    {
        var a = Records.At(2, 1, 0.5, 10);
        Assert.True(Records.At(3, 1, 0.5, 9).Precedes(a));
        Assert.True(Records.At(1, 1, 0.5, 10).Precedes(a));
        Assert.False(Records.At(3, 1, 0.5, 10).Precedes(a));
        Assert.False(a.Precedes(a));

        Assert.True(Records.At(1, 1, 0.5, 0, eps: 0.1 * 3 / 3.0000000001).AtFullEps);
        Assert.False(Records.At(1, 1, 0.5, 0, eps: 0.0999).AtFullEps);
        Assert.True(Records.At(1, 1, 0.5, 0, eps: 0.03).AtSameEps(Records.At(2, 1, 0.5, 0, eps: 0.1 * 0.3)));
        Assert.False(Records.At(1, 1, 0.5, 0, eps: 0.03).AtSameEps(Records.At(2, 1, 0.5, 0, eps: 0.031)));
    }
}
