namespace Certsweep.Contracts.Cluster;

/// <summary>
/// The cluster's ledger of device slots (one, key <see cref="Key"/>): which slots exist, which are leased
/// to which trial. Coordinators lease slots from it before dispatching trials; silos report themselves to
/// it. The silo that owns a slot enforces it as well, so a stale ledger can cause a retry, never two trials
/// in one slot.
/// </summary>
public interface IDeviceSlotLedgerGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>A silo's devices and occupancy (on start, on membership changes, periodically, when draining).</summary>
    Task Report(SiloReport report);

    /// <summary>
    /// One call per dispatch round of a coordinator: frees the <paramref name="released"/> slots (each still held by
    /// the named trial), marks <paramref name="refused"/> slots busy until their silo reports again (the silo refused
    /// a trial there), records <paramref name="claimed"/> slots that a coordinator passed from a finished trial of
    /// its own straight to the next (it keeps a slot while it has trials queued), then leases free slots to
    /// <paramref name="wanted"/> trials in order, as many as are free.
    /// </summary>
    Task<IReadOnlyList<SlotLease>> Exchange(
        IReadOnlyList<SlotLease> released, IReadOnlyList<DeviceSlot> refused, IReadOnlyList<SlotLease> claimed, IReadOnlyList<string> wanted);

    Task<ClusterStatus> GetStatus();
}
