using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class TrialRowsTests
{
    [Fact]
    public void A_submitted_sweep_has_a_pending_row_per_config_numbered_from_one()
    {
        var configs = Trials.Configs(3);
        var rows = TrialRows.Pending("s", Trials.Spec(3), configs, Trials.T0);

        Assert.Equal(3, rows.Count);
        Assert.Equal(new[] { "s/0001", "s/0002", "s/0003" }, rows.Snapshot().Select(r => r.TrialId));
        Assert.All(rows.Snapshot(), r => Assert.Equal((TrialState.Pending, 10, 0.1, Trials.T0), (r.State, r.Epochs, r.EpsMax, r.UpdatedAt)));
        Assert.Equal(Trials.Spec(3).AxesOf(configs[1]), rows[2].Axes);
        Assert.Equal(2, rows[2].Axes.Get(Hyperparameters.Parameters.Seed));
        Assert.Same(configs[2], rows.Config(3));
        Assert.False(rows.Contains(0));
        Assert.False(rows.Contains(4));
        Assert.Null(rows.BestVerifiedError);
    }

    [Fact]
    public void Stored_rows_are_restored_when_there_is_one_per_trial_and_otherwise_all_trials_are_pending()
    {
        var configs = Trials.Configs(2);
        var stored = new[] { Trials.Status(1, TrialState.Completed, 1, 9), Trials.Status(2, TrialState.Running, 1, 3) };

        var restored = TrialRows.Restore("s", Trials.Spec(2), configs, stored, Trials.T0);
        Assert.Equal(new[] { TrialState.Completed, TrialState.Running }, restored.States);
        Assert.Equal(new[] { TrialState.Pending, TrialState.Pending }, TrialRows.Restore("s", Trials.Spec(2), configs, Array.Empty<TrialStatus>(), Trials.T0).States);
    }

    [Fact]
    public void A_sweep_is_done_when_every_trial_is_final_or_failed_and_the_best_is_the_lowest_verified_error()
    {
        var rows = Trials.Rows(3);
        rows.Set(rows[1] with { State = TrialState.Completed, Best = new BestEpoch(4, 0.2, 0.5) });
        rows.Set(rows[2] with { State = TrialState.Failed, Best = new BestEpoch(3, 0.1, 0.4) });
        Assert.False(rows.AllDone);
        rows.Set(rows[3] with { State = TrialState.Cancelled });

        Assert.True(rows.AllDone);
        Assert.Equal(0.4, rows.BestVerifiedError);
        Assert.True(TrialRows.IsDone(rows[2]));
        Assert.False(TrialRows.IsDone(rows[1] with { State = TrialState.Running }));
    }
}
