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
    /// Releases the slots held by <paramref name="finished"/> trials, marks <paramref name="refused"/> slots as
    /// busy until their silo reports again (their silo refused a trial there), then leases free slots to
    /// <paramref name="wanted"/> trials in order, as many as are free. One call per dispatch round.
    /// </summary>
    Task<IReadOnlyList<SlotLease>> Exchange(IReadOnlyList<string> finished, IReadOnlyList<DeviceSlot> refused, IReadOnlyList<string> wanted);

    Task<ClusterStatus> GetStatus();
}
