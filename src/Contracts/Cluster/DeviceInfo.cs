namespace Certsweep.Contracts.Cluster;

/// <summary>A device a silo trains on and how many trials it runs at once.</summary>
[GenerateSerializer, Immutable]
public sealed record DeviceInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] int Slots);
