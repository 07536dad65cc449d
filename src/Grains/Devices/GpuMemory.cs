using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Certsweep.Grains.Devices;

/// <summary>
/// Memory of this silo's CUDA devices as the NVIDIA driver sees it (NVML, <c>libnvidia-ml.so.1</c>, which the
/// driver installs and the NVIDIA container runtime mounts). TorchSharp 0.107 has no CUDA memory API (no
/// <c>memory_allocated</c>), so this is the device-wide figure: every process on the GPU, TorchSharp's caching
/// allocator included. <c>cuda:N</c> is the N-th entry of <c>CUDA_VISIBLE_DEVICES</c> (an index or a <c>GPU-</c>
/// UUID) when that is set, else NVML index N; NVML orders by PCI bus id, as CUDA does with
/// <c>CUDA_DEVICE_ORDER=PCI_BUS_ID</c>. MIG instances are not covered.
/// </summary>
internal sealed class GpuMemory
{
    private const string Library = "libnvidia-ml.so.1";
    private readonly IReadOnlyList<(string Device, IntPtr Handle)> _gpus;

    private GpuMemory(IReadOnlyList<(string Device, IntPtr Handle)> gpus) => _gpus = gpus;

    /// <summary>NVML handles for <paramref name="cudaDevices"/> (<c>cuda:N</c>); null (and a log line saying why) when
    /// there are none or NVML is unavailable.</summary>
    public static GpuMemory? Open(IReadOnlyList<string> cudaDevices, ILogger log)
    {
        if (cudaDevices.Count == 0)
        {
            return null;
        }

        try
        {
            if (Init() is var status and not 0)
            {
                log.LogWarning("GPU memory metrics are off: NVML initialization failed (status {Status})", status);
                return null;
            }

            var visible = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")?
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var gpus = new List<(string, IntPtr)>();
            foreach (var device in cudaDevices)
            {
                if (Find(device, visible) is { } handle)
                {
                    gpus.Add((device, handle));
                }
                else
                {
                    log.LogWarning("No GPU memory metrics for {Device}: NVML has no device for it (CUDA_VISIBLE_DEVICES={Visible})",
                        device, visible is null ? "unset" : string.Join(',', visible));
                }
            }

            return gpus.Count > 0 ? new GpuMemory(gpus) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            log.LogWarning("GPU memory metrics are off: {Library} could not be loaded ({Message})", Library, e.Message);
            return null;
        }
    }

    /// <summary>Used and total bytes of each device NVML answers for.</summary>
    public IEnumerable<(string Device, ulong Used, ulong Total)> Read()
    {
        foreach (var (device, handle) in _gpus)
        {
            if (MemoryInfo(handle, out var memory) == 0)
            {
                yield return (device, memory.Used, memory.Total);
            }
        }
    }

    private static IntPtr? Find(string device, string[]? visible)
    {
        var ordinal = int.Parse(device.AsSpan("cuda:".Length), NumberStyles.None, CultureInfo.InvariantCulture);
        var entry = visible is null ? ordinal.ToString(CultureInfo.InvariantCulture) : ordinal < visible.Length ? visible[ordinal] : null;
        IntPtr handle;
        if (uint.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return HandleByIndex(index, out handle) == 0 ? handle : null;
        }

        return entry is not null && entry.StartsWith("GPU-", StringComparison.Ordinal) && HandleByUuid(entry, out handle) == 0 ? handle : null;
    }

    [DllImport(Library, EntryPoint = "nvmlInit_v2")]
    private static extern int Init();

    [DllImport(Library, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    private static extern int HandleByIndex(uint index, out IntPtr device);

    [DllImport(Library, EntryPoint = "nvmlDeviceGetHandleByUUID", BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int HandleByUuid([MarshalAs(UnmanagedType.LPStr)] string uuid, out IntPtr device);

    [DllImport(Library, EntryPoint = "nvmlDeviceGetMemoryInfo")]
    private static extern int MemoryInfo(IntPtr device, out NvmlMemory memory);

    /// <summary>NVML's <c>nvmlMemory_t</c> (v1): bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlMemory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }
}
