using Orleans.Runtime;

namespace Certsweep.Contracts.Cluster;

/// <summary>The cluster at a moment: every silo, its devices and their slots, busy or free, and what runs where.</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterStatus(
    [property: Id(0)] IReadOnlyList<SiloStatusRow> Silos,
    [property: Id(1)] DateTimeOffset At)
{
    public int TotalSlots => Silos.Sum(s => s.Devices.Sum(d => d.Slots.Count));

    public int BusySlots => Silos.Sum(s => s.Devices.Sum(d => d.Slots.Count(slot => slot.TrialId is not null)));
}

[GenerateSerializer, Immutable]
public sealed record SiloStatusRow(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] string Name,
    [property: Id(2)] string Host,
    [property: Id(3)] bool Draining,
    [property: Id(4)] IReadOnlyList<DeviceStatusRow> Devices);

[GenerateSerializer, Immutable]
public sealed record DeviceStatusRow(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<SlotStatusRow> Slots);

/// <summary>A slot: free when <see cref="TrialId"/> is null. <see cref="Confirmed"/> is false while the trial has
/// been assigned the slot but its silo has not yet reported it running.</summary>
[GenerateSerializer, Immutable]
public sealed record SlotStatusRow(
    [property: Id(0)] int Index,
    [property: Id(1)] string? TrialId,
    [property: Id(2)] DateTimeOffset? Since,
    [property: Id(3)] bool Confirmed);
