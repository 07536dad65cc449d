using System.Globalization;
using Certsweep.Contracts.Cluster;
using TorchSharp;

namespace Certsweep.Grains.Devices;

/// <summary>The devices this silo trains on and the slots of each (trials it runs at once).</summary>
public sealed record DeviceInventory(IReadOnlyList<DeviceInfo> Devices)
{
    /// <summary>
    /// <paramref name="devices"/>: <c>auto</c> (every CUDA device TorchSharp sees, else the CPU), <c>cpu</c>, or a
    /// comma-separated list such as <c>cuda:0,cuda:1</c>. CUDA devices get <paramref name="trialsPerDevice"/> slots,
    /// the CPU gets <paramref name="cpuSlots"/> (0: a silo that only coordinates).
    /// </summary>
    public static DeviceInventory Detect(string devices, int cpuSlots, int trialsPerDevice)
    {
        if (cpuSlots < 0 || trialsPerDevice < 1)
        {
            throw new ArgumentException($"CPU slots must be >= 0 (got {cpuSlots}) and trials per device >= 1 (got {trialsPerDevice}).");
        }

        var names = devices.Trim().ToLowerInvariant() switch
        {
            "auto" => torch.cuda.is_available()
                ? Enumerable.Range(0, torch.cuda.device_count()).Select(i => string.Create(CultureInfo.InvariantCulture, $"cuda:{i}")).ToList()
                : ["cpu"],
            var list => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        };
        var result = new List<DeviceInfo>();
        foreach (var name in names.Distinct())
        {
            // Parsing checks that a named CUDA device exists on this machine.
            var device = Certsweep.Training.DeviceSelection.Parse(name);
            var slots = device.type == DeviceType.CPU ? cpuSlots : trialsPerDevice;
            if (slots > 0)
            {
                result.Add(new DeviceInfo(device.type == DeviceType.CPU ? "cpu" : name, slots));
            }
        }

        return new DeviceInventory(result);
    }

    public static DeviceInventory Cpu(int slots) => new(slots > 0 ? [new DeviceInfo("cpu", slots)] : []);

    public int TotalSlots => Devices.Sum(d => d.Slots);
}
