using Certsweep.Contracts.Cluster;

namespace Certsweep.Grains.Sweeps;

/// <summary>Trial <paramref name="Number"/> is to be started in <paramref name="Slot"/>.</summary>
internal sealed record SlotAssignment(int Number, DeviceSlot Slot);
