namespace Certsweep.Contracts.Cluster;

/// <summary>The trial holding a device slot, and since when.</summary>
[GenerateSerializer, Immutable]
public sealed record SlotOccupant(
    [property: Id(0)] DeviceSlot Slot,
    [property: Id(1)] string TrialId,
    [property: Id(2)] DateTimeOffset Since);
