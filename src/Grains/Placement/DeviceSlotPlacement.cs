using Orleans.Placement;
using Orleans.Runtime;

namespace Certsweep.Grains.Placement;

/// <summary>
/// Places a trial grain on the silo that owns the device slot its coordinator leased for it: the coordinator
/// puts that silo in the request context under <see cref="TargetSiloKey"/> when it calls
/// <c>Start</c>. See <see cref="DeviceSlotPlacementDirector"/> and docs/architecture.md.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class DeviceSlotPlacement : PlacementStrategy
{
    /// <summary>Request-context key of the target <see cref="SiloAddress"/>. Our own key, not Orleans'
    /// <c>PlacementHintKey</c>, so that it steers no grain but trial grains.</summary>
    public const string TargetSiloKey = "certsweep.slot-silo";

    internal static DeviceSlotPlacement Instance { get; } = new();
}

/// <summary>Marks a grain class as placed by <see cref="DeviceSlotPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class DeviceSlotPlacementAttribute() : PlacementAttribute(DeviceSlotPlacement.Instance);
