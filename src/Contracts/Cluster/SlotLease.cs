namespace Certsweep.Contracts.Cluster;

/// <summary>A device slot the ledger has set aside for one trial of one sweep.</summary>
[GenerateSerializer, Immutable]
public sealed record SlotLease(
    [property: Id(0)] DeviceSlot Slot,
    [property: Id(1)] string TrialId);
