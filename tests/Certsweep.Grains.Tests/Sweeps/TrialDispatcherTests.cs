using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class TrialDispatcherTests
{
    private static (TrialDispatcher Dispatcher, TrialRows Rows) Sweep(int trials, int maxConcurrency = 0)
    {
        var rows = Trials.Rows(trials);
        var dispatcher = new TrialDispatcher(rows, new TrialQueue(), new SlotBookkeeping(maxConcurrency));
        for (var n = 1; n <= trials; n++)
        {
            dispatcher.Enqueue(n);
        }

        return (dispatcher, rows);
    }

    private static SlotLease Lease(int slot, int trial) => new(Trials.Slot(slot), TrialId.Of(Trials.Sweep, trial));

    /// <summary>Leases slots 0.. for the trials the dispatcher wants and starts them (their starts answered).</summary>
    private static void StartWanted(TrialDispatcher dispatcher, TrialRows rows)
    {
        var wanted = dispatcher.WantedFromLedger(sweepRunning: true, Trials.T0);
        var (assigned, _) = dispatcher.AcceptLeases(wanted.Select((n, i) => Lease(i, n)).ToList(), wanted.Count, true, Trials.T0);
        foreach (var a in assigned)
        {
            dispatcher.Slots.StartAnswered(a.Number);
            rows.Set(rows[a.Number] with { State = TrialState.Running, Attempt = 1 });
            Assert.False(dispatcher.Settle(a.Number, sweepRunning: true));
        }

        dispatcher.Slots.TakeMessages();
    }

    [Fact]
    public void A_finished_trials_slot_goes_to_the_next_queued_trial_without_asking_the_ledger_for_a_new_one()
    {
        var (dispatcher, rows) = Sweep(3, maxConcurrency: 2);
        StartWanted(dispatcher, rows);
        Assert.Equal(new[] { 3 }, dispatcher.Queue.Peek(10));

        rows.Set(rows[1] with { State = TrialState.Completed, Attempt = 1 });
        Assert.False(dispatcher.Settle(1, sweepRunning: true));
        var assigned = dispatcher.AssignSpareSlots(sweepRunning: true);

        Assert.Equal(new[] { new SlotAssignment(3, Trials.Slot(0)) }, assigned);
        Assert.Null(dispatcher.Queue.First);
        var messages = dispatcher.Slots.TakeMessages();
        Assert.Equal(new[] { Lease(0, 1) }, messages.Released);
        Assert.Equal(new[] { Lease(0, 3) }, messages.Claimed);
    }

    [Fact]
    public void A_spare_slot_goes_back_to_the_ledger_when_nothing_is_queued()
    {
        var (dispatcher, rows) = Sweep(1);
        StartWanted(dispatcher, rows);
        rows.Set(rows[1] with { State = TrialState.Completed, Attempt = 1 });
        dispatcher.Settle(1, sweepRunning: true);

        Assert.Empty(dispatcher.AssignSpareSlots(sweepRunning: true));
        Assert.True(dispatcher.Slots.HasNewsForLedger);
        Assert.Equal(new[] { Lease(0, 1) }, dispatcher.Slots.TakeMessages().Released);
    }

    [Fact]
    public void A_trial_that_finishes_before_its_start_is_answered_releases_its_slot_instead_of_keeping_it()
    {
        var (dispatcher, rows) = Sweep(2, maxConcurrency: 1);
        var (assigned, _) = dispatcher.AcceptLeases(new[] { Lease(0, 1) }, 1, true, Trials.T0);
        Assert.Single(assigned);

        rows.Set(rows[1] with { State = TrialState.Completed, Attempt = 1 });
        dispatcher.Settle(1, sweepRunning: true);
        Assert.True(dispatcher.Slots.IsStarting(1));
        Assert.Empty(dispatcher.AssignSpareSlots(sweepRunning: true));
        Assert.Equal(new[] { Lease(0, 1) }, dispatcher.Slots.TakeMessages().Released);
    }

    [Fact]
    public void A_trial_handed_back_releases_its_slot_and_queues_first_and_one_running_in_a_cancelled_sweep_is_to_be_cancelled()
    {
        var (dispatcher, rows) = Sweep(3, maxConcurrency: 1);
        StartWanted(dispatcher, rows);
        Assert.Equal(new[] { 2, 3 }, dispatcher.Queue.Peek(10));

        rows.Set(rows[1] with { State = TrialState.Pending, Attempt = 1, Preemptions = 1 });
        Assert.False(dispatcher.Settle(1, sweepRunning: true));
        Assert.Equal(new[] { 1, 2, 3 }, dispatcher.Queue.Peek(10));
        Assert.Empty(dispatcher.AssignSpareSlots(sweepRunning: true));
        Assert.Equal(new[] { Lease(0, 1) }, dispatcher.Slots.TakeMessages().Released);

        rows.Set(rows[2] with { State = TrialState.Running, Attempt = 1 });
        Assert.True(dispatcher.Settle(2, sweepRunning: false));
        Assert.False(dispatcher.Queue.Contains(2));
        Assert.Contains(2, dispatcher.Slots.Started());

        // A pending trial of a stopped sweep is not queued again.
        dispatcher.Queue.RemoveAll();
        rows.Set(rows[1] with { State = TrialState.Pending, Attempt = 2 });
        dispatcher.Settle(1, sweepRunning: false);
        Assert.Null(dispatcher.Queue.First);
    }

    [Fact]
    public void The_ledger_is_asked_for_at_most_a_round_of_slots_within_max_concurrency_and_not_at_all_while_it_has_none()
    {
        var (dispatcher, _) = Sweep(100);
        var wanted = dispatcher.WantedFromLedger(sweepRunning: true, Trials.T0);
        Assert.Equal(Enumerable.Range(1, TrialDispatcher.LeaseRound), wanted);
        Assert.Empty(dispatcher.WantedFromLedger(sweepRunning: false, Trials.T0));

        var (capped, _) = Sweep(10, maxConcurrency: 3);
        Assert.Equal(new[] { 1, 2, 3 }, capped.WantedFromLedger(true, Trials.T0));

        // Two of three came: the ledger is dry for a second.
        var (assigned, again) = capped.AcceptLeases(new[] { Lease(0, 1), Lease(1, 2) }, 3, true, Trials.T0);
        Assert.Equal(new[] { 1, 2 }, assigned.Select(a => a.Number));
        Assert.False(again);
        Assert.Empty(capped.WantedFromLedger(true, Trials.T0 + TimeSpan.FromMilliseconds(999)));
        Assert.Equal(new[] { 3 }, capped.WantedFromLedger(true, Trials.T0 + TrialDispatcher.DryPause));
    }

    [Fact]
    public void Every_wanted_slot_coming_asks_for_another_round_and_a_lease_nothing_can_use_goes_back()
    {
        var (dispatcher, _) = Sweep(4);
        var (assigned, again) = dispatcher.AcceptLeases(new[] { Lease(0, 1), Lease(1, 2) }, 2, true, Trials.T0);
        Assert.Equal(2, assigned.Count);
        Assert.True(again);

        // Trial 1 no longer queued, and a lease that is not a trial id: both back, and another round.
        var odd = new SlotLease(Trials.Slot(3), "not-a-trial");
        (assigned, again) = dispatcher.AcceptLeases(new[] { Lease(2, 1), odd, Lease(4, 3) }, 3, true, Trials.T0);
        Assert.Equal(new[] { new SlotAssignment(3, Trials.Slot(4)) }, assigned);
        Assert.True(again);
        Assert.Equal(new[] { Lease(2, 1), odd }, dispatcher.Slots.TakeMessages().Released);

        // A cancelled sweep takes nothing.
        (assigned, _) = dispatcher.AcceptLeases(new[] { Lease(5, 4) }, 1, false, Trials.T0);
        Assert.Empty(assigned);
        Assert.Equal(new[] { Lease(5, 4) }, dispatcher.Slots.TakeMessages().Released);
    }
}
