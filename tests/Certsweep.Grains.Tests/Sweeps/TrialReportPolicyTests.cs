using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class TrialReportPolicyTests
{
    private static readonly DateTimeOffset Now = Trials.T0;

    [Fact]
    public void Only_a_newer_report_changes_the_row_and_the_row_keeps_whole_epochs()
    {
        var row = Trials.Status(1, TrialState.Running, attempt: 2, revision: 5);
        Assert.Null(TrialReportPolicy.NextRow(row, row, retries: 2, sweepRunning: true, Now));
        Assert.Null(TrialReportPolicy.NextRow(row, row with { Revision = 4 }, 2, true, Now));
        Assert.Null(TrialReportPolicy.NextRow(row, row with { Attempt = 1, Revision = 99 }, 2, true, Now));

        var next = TrialReportPolicy.NextRow(row, row with { Revision = 6, Epoch = 3, Batch = 7, BatchesPerEpoch = 20 }, 2, true, Now);
        Assert.Equal((3, 0, 0), (next!.Epoch, next.Batch, next.BatchesPerEpoch));
        Assert.NotNull(TrialReportPolicy.NextRow(row, row with { Attempt = 3, Revision = 0 }, 2, true, Now));
    }

    [Fact]
    public void A_failure_within_the_retries_goes_back_to_pending_and_the_last_one_stays_failed()
    {
        var row = Trials.Status(1, TrialState.Running, attempt: 1, revision: 1);
        var failed = row with { Revision = 2, State = TrialState.Failed, Failures = 2, Reason = "IOException: disk", FinishedAt = Now };

        var retried = TrialReportPolicy.NextRow(row, failed, retries: 2, sweepRunning: true, Now)!;
        Assert.Equal(TrialState.Pending, retried.State);
        Assert.Equal("retry 2 of 2 after: IOException: disk", retried.Reason);
        Assert.Null(retried.FinishedAt);

        var final = TrialReportPolicy.NextRow(row, failed with { Failures = 3 }, retries: 2, sweepRunning: true, Now)!;
        Assert.Equal(TrialState.Failed, final.State);

        // A cancelled sweep retries nothing.
        Assert.Equal(TrialState.Failed, TrialReportPolicy.NextRow(row, failed, retries: 2, sweepRunning: false, Now)!.State);
    }

    [Fact]
    public void A_trial_handed_back_to_a_cancelled_sweep_is_cancelled_and_one_preempted_too_often_fails()
    {
        var row = Trials.Status(1, TrialState.Running, attempt: 1, revision: 1);
        var handedBack = row with { Revision = 2, State = TrialState.Pending, Preemptions = 1, Reason = "handed back" };

        Assert.Equal(TrialState.Pending, TrialReportPolicy.NextRow(row, handedBack, 2, sweepRunning: true, Now)!.State);
        var cancelled = TrialReportPolicy.NextRow(row, handedBack, 2, sweepRunning: false, Now)!;
        Assert.Equal((TrialState.Cancelled, "sweep cancelled", (DateTimeOffset?)Now), (cancelled.State, cancelled.Reason, cancelled.FinishedAt));

        var lost = TrialReportPolicy.NextRow(row, handedBack with { Preemptions = TrialReportPolicy.MaxPreemptions + 1 }, 2, true, Now)!;
        Assert.Equal(TrialState.Failed, lost.State);
        Assert.Equal($"lost its silo {TrialReportPolicy.MaxPreemptions + 1} times; last: handed back", lost.Reason);
        Assert.Equal(TrialState.Pending,
            TrialReportPolicy.NextRow(row, handedBack with { Preemptions = TrialReportPolicy.MaxPreemptions }, 2, true, Now)!.State);
    }

    [Fact]
    public void A_stop_decision_stays_on_the_row_until_the_trial_ends_and_a_stopped_trial_does_not_wait_for_a_slot_again()
    {
        var stop = new TrialStop(4, 2, "ASHA rung 2");
        var row = Trials.Status(1, TrialState.Running, attempt: 1, revision: 3) with { Stop = stop };

        // The trial's own reports do not know the decision yet: the row keeps it.
        var running = TrialReportPolicy.NextRow(row, row with { Stop = null, Revision = 4, Epoch = 5 }, 2, true, Now)!;
        Assert.Equal(stop, running.Stop);

        // Handed back, or failed within its retries, before the stop reached it: stopped, not queued.
        var handedBack = TrialReportPolicy.NextRow(row, row with { Stop = null, Revision = 5, State = TrialState.Pending, Preemptions = 1 }, 2, true, Now)!;
        Assert.Equal((TrialState.Stopped, "ASHA rung 2", stop, (DateTimeOffset?)Now), (handedBack.State, handedBack.Reason, handedBack.Stop, handedBack.FinishedAt));
        var failed = TrialReportPolicy.NextRow(row, row with { Stop = null, Revision = 5, State = TrialState.Failed, Failures = 1 }, 2, true, Now)!;
        Assert.Equal(TrialState.Stopped, failed.State);

        // The trial's stopped status is final; one that finished its last epoch first keeps its own end, without the decision.
        var stopped = TrialReportPolicy.NextRow(row, row with { Revision = 6, State = TrialState.Stopped, Reason = "ASHA rung 2" }, 2, true, Now)!;
        Assert.Equal((TrialState.Stopped, stop), (stopped.State, stopped.Stop));
        var completed = TrialReportPolicy.NextRow(row, row with { Stop = null, Revision = 6, State = TrialState.Completed }, 2, true, Now)!;
        Assert.Equal((TrialState.Completed, (TrialStop?)null), (completed.State, completed.Stop));

        Assert.Null(TrialReportPolicy.StopWaiting(row, Now));
        Assert.True(TrialRows.IsDone(stopped));
    }
}
