using Certsweep.Contracts.Cluster;
using Orleans.Runtime;

namespace Certsweep.Grains.Ledger;

/// <summary>
/// The cluster's slot ledger. It keeps nothing in storage: silos report their devices and what runs in each
/// slot (the silo's own slot table is the authority), so a ledger reactivated after its silo died is rebuilt
/// within one report period. A lease the silo has not yet confirmed lapses after <see cref="LeaseGrace"/>;
/// silos that membership declares dead lose their slots at once. Every method is synchronous, so calls never
/// interleave.
/// </summary>
public sealed class DeviceSlotLedgerGrain(IClusterMembershipService membership) : Grain, IDeviceSlotLedgerGrain
{
    /// <summary>How long a lease may go unconfirmed by its silo before it lapses (its trial never started there).</summary>
    public static readonly TimeSpan LeaseGrace = TimeSpan.FromSeconds(30);

    /// <summary>A silo that membership does not know and that has not reported for this long is dropped.</summary>
    private static readonly TimeSpan SilentSilo = TimeSpan.FromSeconds(60);

    private const string RefusedMarker = "?";

    private readonly Dictionary<SiloAddress, (SiloReport Report, DateTimeOffset At)> _silos = new();
    private readonly Dictionary<DeviceSlot, Holder> _holders = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(TimeSpan.FromDays(3650));
        return Task.CompletedTask;
    }

    public Task Report(SiloReport report)
    {
        var now = DateTimeOffset.UtcNow;
        _silos[report.Silo] = (report, now);
        var running = report.Running.ToDictionary(r => r.Slot);
        var runningTrials = report.Running.Select(r => r.TrialId).ToHashSet();
        foreach (var (slot, holder) in _holders.Where(h => h.Key.Silo.Equals(report.Silo)).ToList())
        {
            var lapsed = holder.Confirmed || holder.TrialId == RefusedMarker || now - holder.Since > LeaseGrace
                || runningTrials.Contains(holder.TrialId) || !Exists(report, slot);
            if (!running.ContainsKey(slot) && lapsed)
            {
                _holders.Remove(slot);
            }
        }

        foreach (var occupant in report.Running)
        {
            // The trial may hold a lease elsewhere that it did not use (it was already running here).
            foreach (var stale in _holders.Where(h => h.Value.TrialId == occupant.TrialId && !h.Key.Equals(occupant.Slot)).Select(h => h.Key).ToList())
            {
                _holders.Remove(stale);
            }

            _holders[occupant.Slot] = new Holder(occupant.TrialId, occupant.Since, Confirmed: true);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SlotLease>> Exchange(
        IReadOnlyList<SlotLease> released, IReadOnlyList<DeviceSlot> refused, IReadOnlyList<SlotLease> claimed, IReadOnlyList<string> wanted)
    {
        Prune();
        var now = DateTimeOffset.UtcNow;
        foreach (var lease in released)
        {
            if (_holders.TryGetValue(lease.Slot, out var holder) && holder.TrialId == lease.TrialId)
            {
                _holders.Remove(lease.Slot);
            }
        }

        foreach (var lease in claimed)
        {
            // Free after its release above; already confirmed by the silo; or (the lease lapsed) someone else's.
            _holders.TryAdd(lease.Slot, new Holder(lease.TrialId, now, Confirmed: false));
        }

        foreach (var slot in refused)
        {
            _holders.TryAdd(slot, new Holder(RefusedMarker, now, Confirmed: false));
        }

        var leases = new List<SlotLease>();
        if (wanted.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<SlotLease>>(leases);
        }

        var free = FreeSlots();
        foreach (var trialId in wanted)
        {
            var slot = TakeBalanced(free);
            if (slot is null)
            {
                break;
            }

            _holders[slot] = new Holder(trialId, now, Confirmed: false);
            leases.Add(new SlotLease(slot, trialId));
        }

        return Task.FromResult<IReadOnlyList<SlotLease>>(leases);
    }

    public Task<ClusterStatus> GetStatus()
    {
        Prune();
        var silos = _silos.Values
            .OrderBy(s => s.Report.Name, StringComparer.Ordinal)
            .Select(s => new SiloStatusRow(
                s.Report.Silo, s.Report.Name, s.Report.Host, s.Report.Draining,
                s.Report.Devices.Select(d => new DeviceStatusRow(d.Name, Enumerable.Range(0, d.Slots).Select(i =>
                {
                    var held = _holders.TryGetValue(new DeviceSlot(s.Report.Silo, d.Name, i), out var h) ? h : null;
                    return new SlotStatusRow(i, held?.TrialId, held?.Since, held?.Confirmed ?? false);
                }).ToList())).ToList()))
            .ToList();
        return Task.FromResult(new ClusterStatus(silos, DateTimeOffset.UtcNow));
    }

    private static bool Exists(SiloReport report, DeviceSlot slot) =>
        report.Devices.Any(d => d.Name == slot.Device && slot.Index < d.Slots);

    /// <summary>Free slots of silos taking trials, grouped by silo, each list in device then index order.</summary>
    private Dictionary<SiloAddress, List<DeviceSlot>> FreeSlots() =>
        _silos.Values.Where(s => !s.Report.Draining).ToDictionary(
            s => s.Report.Silo,
            s => s.Report.Devices
                .SelectMany(d => Enumerable.Range(0, d.Slots).Select(i => new DeviceSlot(s.Report.Silo, d.Name, i)))
                .Where(slot => !_holders.ContainsKey(slot))
                .ToList());

    /// <summary>Spreads trials: a free slot of the silo with the most free slots.</summary>
    private static DeviceSlot? TakeBalanced(Dictionary<SiloAddress, List<DeviceSlot>> free)
    {
        var best = free.Where(f => f.Value.Count > 0).OrderByDescending(f => f.Value.Count).ThenBy(f => f.Key.ToString(), StringComparer.Ordinal).Select(f => f.Value).FirstOrDefault();
        if (best is null)
        {
            return null;
        }

        // Among the silo's devices, the one with the most free slots.
        var device = best.GroupBy(s => s.Device).OrderByDescending(g => g.Count()).First().Key;
        var slot = best.First(s => s.Device == device);
        best.Remove(slot);
        return slot;
    }

    private void Prune()
    {
        var snapshot = membership.CurrentSnapshot;
        var now = DateTimeOffset.UtcNow;
        foreach (var (silo, (_, at)) in _silos.ToList())
        {
            var status = snapshot.GetSiloStatus(silo);
            if (status == SiloStatus.Dead || (status == SiloStatus.None && now - at > SilentSilo))
            {
                _silos.Remove(silo);
                foreach (var slot in _holders.Keys.Where(k => k.Silo.Equals(silo)).ToList())
                {
                    _holders.Remove(slot);
                }
            }
        }
    }

    private sealed record Holder(string TrialId, DateTimeOffset Since, bool Confirmed);
}
