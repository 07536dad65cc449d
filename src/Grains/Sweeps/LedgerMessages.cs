using Certsweep.Contracts.Cluster;

namespace Certsweep.Grains.Sweeps;

/// <summary>What one <see cref="IDeviceSlotLedgerGrain.Exchange"/> tells the ledger about a sweep's slots: leases given
/// back, slots a silo refused, and slots handed from a finished trial to the sweep's next one.</summary>
internal sealed record LedgerMessages(
    IReadOnlyList<SlotLease> Released,
    IReadOnlyList<DeviceSlot> Refused,
    IReadOnlyList<SlotLease> Claimed);
