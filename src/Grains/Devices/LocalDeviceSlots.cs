using Certsweep.Contracts.Cluster;
using Orleans.Runtime;

namespace Certsweep.Grains.Devices;

/// <summary>
/// This silo's slot table: the authority on which trial holds which of its device slots. A trial grain takes
/// its slot here before training and gives it back only after its training thread has ended and freed its
/// memory, so no slot ever runs two trials, whatever the ledger believes.
/// </summary>
public sealed class LocalDeviceSlots
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Device, int Index), SlotOccupant> _occupied = new();
    private readonly SiloAddress _silo;

    public LocalDeviceSlots(DeviceInventory inventory, ILocalSiloDetails silo)
    {
        Devices = inventory.Devices;
        _silo = silo.SiloAddress;
    }

    public IReadOnlyList<DeviceInfo> Devices { get; }

    /// <summary>Takes <paramref name="slot"/> for <paramref name="trialId"/>; false when it is not this silo's, does not
    /// exist, or another trial holds it. Taking a slot the trial already holds succeeds.</summary>
    public bool TryOccupy(DeviceSlot slot, string trialId)
    {
        if (!slot.Silo.Equals(_silo) || !Devices.Any(d => d.Name == slot.Device && slot.Index >= 0 && slot.Index < d.Slots))
        {
            return false;
        }

        lock (_gate)
        {
            if (_occupied.TryGetValue((slot.Device, slot.Index), out var holder))
            {
                return holder.TrialId == trialId;
            }

            if (_occupied.Values.Any(o => o.TrialId == trialId))
            {
                return false;
            }

            _occupied[(slot.Device, slot.Index)] = new SlotOccupant(slot, trialId, DateTimeOffset.UtcNow);
            return true;
        }
    }

    public void Vacate(string trialId)
    {
        lock (_gate)
        {
            foreach (var key in _occupied.Where(o => o.Value.TrialId == trialId).Select(o => o.Key).ToList())
            {
                _occupied.Remove(key);
            }
        }
    }

    public IReadOnlyList<SlotOccupant> Occupants()
    {
        lock (_gate)
        {
            return _occupied.Values.ToList();
        }
    }
}
