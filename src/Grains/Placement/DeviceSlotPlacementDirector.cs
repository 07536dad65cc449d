using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Certsweep.Grains.Placement;

/// <summary>
/// With a target silo in the request context: that silo, or a failure when it is no longer a compatible
/// (active) silo, so a trial is never started on a silo that does not own its slot. Without one (a client
/// reading a trial's history): the calling silo, which is cheap, and a trial grain activated there by a read
/// moves when it is next started (it answers <c>Misplaced</c> and deactivates).
/// </summary>
public sealed class DeviceSlotPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (target.RequestContextData is { } data && data.TryGetValue(DeviceSlotPlacement.TargetSiloKey, out var value) && value is SiloAddress silo)
        {
            return compatible.Contains(silo)
                ? Task.FromResult(silo)
                : Task.FromException<SiloAddress>(new SiloUnavailableException($"Silo {silo} is not active; its device slot cannot host trial {target.GrainIdentity}."));
        }

        if (context.LocalSiloStatus == SiloStatus.Active && compatible.Contains(context.LocalSilo))
        {
            return Task.FromResult(context.LocalSilo);
        }

        return compatible.Length > 0
            ? Task.FromResult(compatible[Random.Shared.Next(compatible.Length)])
            : Task.FromException<SiloAddress>(new SiloUnavailableException($"No silo can host {target.GrainIdentity}."));
    }
}
