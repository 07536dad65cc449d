using Orleans.Runtime;

namespace Certsweep.Contracts.Cluster;

/// <summary>
/// What a silo tells the slot ledger about itself: its devices, which of its slots run which trial right
/// now (its own slot table, the authority on what runs there), and whether it is draining (shutting down,
/// so it takes no new trials).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SiloReport(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] string Name,
    [property: Id(2)] string Host,
    [property: Id(3)] IReadOnlyList<DeviceInfo> Devices,
    [property: Id(4)] IReadOnlyList<SlotOccupant> Running,
    [property: Id(5)] bool Draining);
