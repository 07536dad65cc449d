using Certsweep.Contracts.Cluster;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// The device slots one sweep holds, and what the slot ledger has yet to hear about them. A trial holds a slot from
/// its launch until it no longer runs; while its start call is unanswered it is also <em>starting</em>. A slot whose
/// trial finished is kept as a spare for the sweep's next queued trial (handed over without a ledger round trip);
/// slots handed back, lost or refused are released. Releases, refusals and hand-overs collect here until the next
/// ledger exchange. <c>max_concurrency</c> caps the slots held.
/// </summary>
internal sealed class SlotBookkeeping(int maxConcurrency)
{
    private readonly HashSet<int> _holding = new();
    private readonly HashSet<int> _starting = new();
    private readonly Dictionary<int, DeviceSlot> _slotOf = new();
    private readonly List<SlotLease> _spare = new();
    private readonly List<SlotLease> _release = new();
    private readonly List<SlotLease> _claims = new();
    private readonly List<DeviceSlot> _refused = new();
    private bool _tellLedger;

    public int HoldingCount => _holding.Count;

    public int StartingCount => _starting.Count;

    /// <summary>How many more slots the sweep may hold; <see cref="int.MaxValue"/> without a cap.</summary>
    public int Capacity => maxConcurrency > 0 ? maxConcurrency - _holding.Count : int.MaxValue;

    /// <summary>True while the ledger has releases, refusals or hand-overs to hear and should hear them now.</summary>
    public bool HasNewsForLedger => _tellLedger && HasUnsentMessages;

    /// <summary>True while anything (spares included) has not reached the ledger.</summary>
    public bool HasUnsent => HasUnsentMessages || _spare.Count > 0;

    private bool HasUnsentMessages => _release.Count > 0 || _refused.Count > 0 || _claims.Count > 0;

    public bool IsStarting(int number) => _starting.Contains(number);

    /// <summary>Trials holding a slot whose start was answered (their status reports are what tell about them).</summary>
    public IReadOnlyList<int> Started() => _holding.Where(n => !_starting.Contains(n)).ToList();

    /// <summary>Trial <paramref name="number"/> runs (in a slot this sweep may not know, e.g. after a reactivation).</summary>
    public void Hold(int number) => _holding.Add(number);

    /// <summary>Trial <paramref name="number"/> is being started in <paramref name="slot"/>.</summary>
    public void Launch(int number, DeviceSlot slot)
    {
        _holding.Add(number);
        _starting.Add(number);
        _slotOf[number] = slot;
    }

    /// <summary>The start call of trial <paramref name="number"/> was answered.</summary>
    public void StartAnswered(int number) => _starting.Remove(number);

    /// <summary>Trial <paramref name="number"/> could not start in <paramref name="slot"/>: the ledger hears that the
    /// slot was refused (busy until its silo reports again).</summary>
    public void StartRefused(int number, DeviceSlot slot)
    {
        _starting.Remove(number);
        _refused.Add(slot);
        _tellLedger = true;
    }

    /// <summary>
    /// Trial <paramref name="number"/> (id <paramref name="trialId"/>) no longer runs. With
    /// <paramref name="keepAsSpare"/> (it finished in its slot and the sweep still runs) the slot stays with the
    /// sweep for its next trial; otherwise it goes back to the ledger.
    /// </summary>
    public void Release(int number, string trialId, bool keepAsSpare)
    {
        if (!_holding.Remove(number) || !_slotOf.Remove(number, out var slot))
        {
            return;
        }

        var lease = new SlotLease(slot, trialId);

        // A hand-over the ledger has not heard of yet is simply not sent (the previous holder's release is).
        _claims.Remove(lease);
        if (keepAsSpare)
        {
            _spare.Add(lease);
        }
        else
        {
            GiveBack(lease);
        }
    }

    /// <summary>Takes the most recently freed spare slot; null when there is none.</summary>
    public SlotLease? TakeSpare()
    {
        if (_spare.Count == 0)
        {
            return null;
        }

        var spare = _spare[^1];
        _spare.RemoveAt(_spare.Count - 1);
        return spare;
    }

    /// <summary>Records that <paramref name="spare"/>'s slot now belongs to trial <paramref name="nextTrialId"/>.</summary>
    public void HandOver(SlotLease spare, string nextTrialId)
    {
        _release.Add(spare);
        _claims.Add(new SlotLease(spare.Slot, nextTrialId));
    }

    /// <summary>Gives every spare slot back: nothing is queued to use them, and other sweeps may be waiting.</summary>
    public void ReturnSpares()
    {
        if (_spare.Count == 0)
        {
            return;
        }

        _release.AddRange(_spare);
        _spare.Clear();
        _tellLedger = true;
    }

    /// <summary>Gives <paramref name="lease"/> back to the ledger with the next exchange.</summary>
    public void GiveBack(SlotLease lease)
    {
        _release.Add(lease);
        _tellLedger = true;
    }

    /// <summary>Makes the next dispatch round tell the ledger what it has not heard (every tick does).</summary>
    public void TellLedgerSoon() => _tellLedger = true;

    /// <summary>Takes everything the ledger has not heard, for one exchange.</summary>
    public LedgerMessages TakeMessages()
    {
        var messages = new LedgerMessages(_release.ToList(), _refused.ToList(), _claims.ToList());
        _release.Clear();
        _refused.Clear();
        _claims.Clear();
        _tellLedger = false;
        return messages;
    }

    /// <summary>Keeps <paramref name="messages"/> for a later exchange (the ledger did not answer).</summary>
    public void Restore(LedgerMessages messages)
    {
        _release.AddRange(messages.Released);
        _refused.AddRange(messages.Refused);
        _claims.AddRange(messages.Claimed);
    }
}
