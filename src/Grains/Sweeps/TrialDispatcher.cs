using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Trials;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// Keeps each trial where its row says it belongs (queued while pending, holding a slot while running, neither
/// when done) and decides which queued trial gets which slot: first the sweep's own spare slots (no ledger round
/// trip), then the slots the ledger leases for the trials at the head of the queue, in rounds of at most
/// <see cref="LeaseRound"/>. After the ledger had no free slot it is asked again only after
/// <see cref="DryPause"/> (or when a release makes room). The caller starts the assigned trials.
/// </summary>
internal sealed class TrialDispatcher(TrialRows rows, TrialQueue queue, SlotBookkeeping slots)
{
    public const int LeaseRound = 64;
    public static readonly TimeSpan DryPause = TimeSpan.FromSeconds(1);

    private DateTimeOffset _ledgerDryUntil;

    public TrialQueue Queue => queue;

    public SlotBookkeeping Slots => slots;

    /// <summary>Queues trial <paramref name="number"/>: at the front when it ran before. A number past the rows is a
    /// trial still to be proposed (TPE), which the caller proposes when it gets a slot.</summary>
    public void Enqueue(int number) => queue.Enqueue(number, ranBefore: rows.Contains(number) && rows[number].Attempt > 0);

    /// <summary>
    /// Puts trial <paramref name="number"/> where its row says it belongs. Done: out of the queue, and its slot a
    /// spare (unless its start is unanswered). Running: out of the queue, holding its slot. Pending: its slot (if
    /// any) released and, while the sweep runs, queued. True when the trial runs although the sweep no longer does:
    /// the caller cancels it.
    /// </summary>
    public bool Settle(int number, bool sweepRunning)
    {
        var row = rows[number];
        if (TrialRows.IsDone(row))
        {
            queue.Remove(number);
            slots.Release(number, row.TrialId, keepAsSpare: !slots.IsStarting(number) && sweepRunning);
            return false;
        }

        if (row.State == TrialState.Running)
        {
            queue.Remove(number);
            slots.Hold(number);
            return !sweepRunning;
        }

        if (!slots.IsStarting(number))
        {
            slots.Release(number, row.TrialId, keepAsSpare: false);
            if (sweepRunning)
            {
                Enqueue(number);
            }
        }

        return false;
    }

    /// <summary>Gives the sweep's spare slots to the trials at the head of the queue (within max concurrency); spares
    /// nothing can use go back to the ledger.</summary>
    public IReadOnlyList<SlotAssignment> AssignSpareSlots(bool sweepRunning)
    {
        var assigned = new List<SlotAssignment>();
        while (sweepRunning && queue.First is { } next && slots.Capacity > 0 && slots.TakeSpare() is { } spare)
        {
            slots.HandOver(spare, rows.TrialIdOf(next));
            assigned.Add(Launch(next, spare.Slot));
        }

        slots.ReturnSpares();
        return assigned;
    }

    /// <summary>The trials to ask the ledger slots for in this round (none while it is known to have none).</summary>
    public IReadOnlyList<int> WantedFromLedger(bool sweepRunning, DateTimeOffset now) =>
        sweepRunning && now >= _ledgerDryUntil ? queue.Peek(Math.Min(slots.Capacity, LeaseRound)) : Array.Empty<int>();

    /// <summary>
    /// Takes the ledger's answer to a round that wanted <paramref name="wanted"/> slots: each lease for a trial
    /// still queued starts it; a lease nothing can use goes back. Returns the assignments and whether another round
    /// should follow at once (a lease went back, or every wanted slot came).
    /// </summary>
    public (IReadOnlyList<SlotAssignment> Assigned, bool AnotherRound) AcceptLeases(
        IReadOnlyList<SlotLease> leases, int wanted, bool sweepRunning, DateTimeOffset now)
    {
        var assigned = new List<SlotAssignment>();
        var gaveBack = false;
        foreach (var lease in leases)
        {
            if (!TrialId.TryParse(lease.TrialId, out _, out var number) || !queue.Contains(number) || !sweepRunning)
            {
                slots.GiveBack(lease);
                gaveBack = true;
                continue;
            }

            assigned.Add(Launch(number, lease.Slot));
        }

        if (leases.Count < wanted)
        {
            _ledgerDryUntil = now + DryPause;
        }

        return (assigned, gaveBack || (wanted > 0 && leases.Count == wanted));
    }

    private SlotAssignment Launch(int number, DeviceSlot slot)
    {
        queue.Remove(number);
        slots.Launch(number, slot);
        return new SlotAssignment(number, slot);
    }
}
