using Orleans.Runtime;

namespace Certsweep.Contracts.Cluster;

/// <summary>One place a trial can run: slot <see cref="Index"/> (from 0) of device <see cref="Device"/>
/// (<c>cpu</c>, <c>cuda:0</c>, ...) on silo <see cref="Silo"/>. A device has as many slots as trials it runs at once.</summary>
[GenerateSerializer, Immutable]
public sealed record DeviceSlot(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] string Device,
    [property: Id(2)] int Index)
{
    public override string ToString() => $"{Silo}/{Device}#{Index}";
}
