using Certsweep.Contracts.Cluster;
using Certsweep.Grains.Sweeps;

namespace Certsweep.Grains.Tests.Sweeps;

public sealed class SlotBookkeepingTests
{
    private static string Id(int n) => Certsweep.Contracts.Trials.TrialId.Of(Trials.Sweep, n);

    [Fact]
    public void Max_concurrency_caps_the_slots_held_and_zero_means_no_cap()
    {
        var slots = new SlotBookkeeping(maxConcurrency: 2);
        Assert.Equal(2, slots.Capacity);
        slots.Launch(1, Trials.Slot(0));
        slots.Hold(2);
        Assert.Equal(0, slots.Capacity);
        Assert.Equal(int.MaxValue, new SlotBookkeeping(0).Capacity);
    }

    [Fact]
    public void A_launched_trial_is_starting_until_its_start_is_answered()
    {
        var slots = new SlotBookkeeping(0);
        slots.Launch(1, Trials.Slot(0));
        slots.Launch(2, Trials.Slot(1));
        Assert.True(slots.IsStarting(1));
        Assert.Empty(slots.Started());

        slots.StartAnswered(1);
        Assert.False(slots.IsStarting(1));
        Assert.Equal(new[] { 1 }, slots.Started());
        Assert.Equal(2, slots.HoldingCount);
        Assert.Equal(1, slots.StartingCount);
    }

    [Fact]
    public void A_slot_kept_as_spare_is_handed_over_to_the_next_trial_and_the_ledger_hears_release_and_claim_together()
    {
        var slots = new SlotBookkeeping(0);
        slots.Launch(1, Trials.Slot(0));
        slots.StartAnswered(1);
        slots.Release(1, Id(1), keepAsSpare: true);
        Assert.Equal(0, slots.HoldingCount);
        Assert.True(slots.HasUnsent);
        Assert.False(slots.HasNewsForLedger);

        var spare = slots.TakeSpare();
        Assert.Equal(new SlotLease(Trials.Slot(0), Id(1)), spare);
        Assert.Null(slots.TakeSpare());
        slots.HandOver(spare!, Id(2));
        slots.Launch(2, spare!.Slot);

        var messages = slots.TakeMessages();
        Assert.Equal(new[] { new SlotLease(Trials.Slot(0), Id(1)) }, messages.Released);
        Assert.Equal(new[] { new SlotLease(Trials.Slot(0), Id(2)) }, messages.Claimed);
        Assert.Empty(messages.Refused);
        Assert.False(slots.HasUnsent);
    }

    [Fact]
    public void A_hand_over_the_ledger_has_not_heard_of_is_dropped_when_its_trial_ends()
    {
        var slots = new SlotBookkeeping(0);
        slots.Launch(1, Trials.Slot(0));
        slots.Release(1, Id(1), keepAsSpare: true);
        var spare = slots.TakeSpare()!;
        slots.HandOver(spare, Id(2));
        slots.Launch(2, spare.Slot);

        // Trial 2 is handed back before the exchange: the ledger hears trial 1's and trial 2's releases, no claim.
        slots.Release(2, Id(2), keepAsSpare: false);
        var messages = slots.TakeMessages();
        Assert.Equal(new[] { new SlotLease(Trials.Slot(0), Id(1)), new SlotLease(Trials.Slot(0), Id(2)) }, messages.Released);
        Assert.Empty(messages.Claimed);
    }

    [Fact]
    public void Released_and_refused_slots_are_news_for_the_ledger_and_spares_nothing_uses_go_back()
    {
        var slots = new SlotBookkeeping(0);
        slots.Launch(1, Trials.Slot(0));
        slots.Launch(2, Trials.Slot(1));
        slots.Launch(3, Trials.Slot(2));
        slots.StartRefused(1, Trials.Slot(0));
        Assert.True(slots.HasNewsForLedger);
        Assert.Equal(3, slots.HoldingCount);
        slots.Release(1, Id(1), keepAsSpare: false);
        slots.Release(2, Id(2), keepAsSpare: false);
        slots.Release(3, Id(3), keepAsSpare: true);
        slots.ReturnSpares();

        var messages = slots.TakeMessages();
        Assert.Equal(new[] { Trials.Slot(0) }, messages.Refused);
        Assert.Equal(new[] { Id(1), Id(2), Id(3) }, messages.Released.Select(l => l.TrialId));
        Assert.Equal(new[] { Trials.Slot(0), Trials.Slot(1), Trials.Slot(2) }, messages.Released.Select(l => l.Slot));
        Assert.False(slots.HasNewsForLedger);
        Assert.False(slots.HasUnsent);
        Assert.Equal(0, slots.HoldingCount);
    }

    [Fact]
    public void Messages_the_ledger_did_not_take_are_kept_for_the_next_exchange_which_a_tick_makes_news_again()
    {
        var slots = new SlotBookkeeping(0);
        slots.Launch(1, Trials.Slot(0));
        slots.Release(1, Id(1), keepAsSpare: false);
        var messages = slots.TakeMessages();
        slots.Restore(messages);
        Assert.True(slots.HasUnsent);
        Assert.False(slots.HasNewsForLedger);

        slots.TellLedgerSoon();
        Assert.True(slots.HasNewsForLedger);
        Assert.Equal(messages.Released, slots.TakeMessages().Released);
    }

    [Fact]
    public void A_trial_held_without_a_known_slot_releases_nothing()
    {
        var slots = new SlotBookkeeping(0);
        slots.Hold(7);
        Assert.Equal(new[] { 7 }, slots.Started());
        slots.Release(7, Id(7), keepAsSpare: true);
        Assert.Equal(0, slots.HoldingCount);
        Assert.False(slots.HasUnsent);
    }
}
