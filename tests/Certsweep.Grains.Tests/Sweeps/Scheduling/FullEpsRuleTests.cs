using Certsweep.Grains.Sweeps.Scheduling;

namespace Certsweep.Grains.Tests.Sweeps.Scheduling;

public sealed class FullEpsRuleTests
{
    [Fact]
    public void A_record_counts_at_full_eps_once_the_grace_since_eps_became_full_has_passed()
    {
        var records = new EpochRecords();
        records.Add(Records.At(1, 1, 0.2, 1, eps: 0.05));
        records.Add(Records.At(1, 2, 0.5, 2));
        records.Add(Records.At(1, 3, 0.45, 3));
        records.Add(Records.At(1, 4, 0.4, 4));

        var none = new FullEpsRule(grace: 0);
        Assert.False(none.Counts(records.OfTrial(1)[0], records));
        Assert.True(none.Counts(records.OfTrial(1)[1], records));

        var two = new FullEpsRule(grace: 2);
        Assert.Equal(new[] { false, false, false, true }, records.OfTrial(1).Select(r => two.Counts(r, records)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FullEpsRule(-1));
    }

    [Fact]
    public void Rivals_are_other_trials_counted_records_of_the_same_epoch_and_eps_that_finished_earlier()
    {
        var records = new EpochRecords();
        var judged = Records.At(1, 5, 0.4, 50);
        records.Add(judged);
        records.Add(Records.At(2, 5, 0.5, 40));
        records.Add(Records.At(3, 5, 0.3, 60));
        records.Add(Records.At(4, 5, 0.1, 45, eps: 0.06));
        records.Add(Records.At(5, 5, 0.6, 41, epsMax: 0.2, eps: 0.2));
        records.Add(Records.At(6, 4, 0.2, 30));

        Assert.Equal(new[] { 2 }, new FullEpsRule(0).Rivals(judged, records).Select(r => r.Trial));

        // With a grace of 1, trial 2 (full eps only since epoch 5) does not count yet.
        Assert.Empty(new FullEpsRule(1).Rivals(judged, records));
    }
}
