using System.Runtime.InteropServices;

namespace Certsweep.Training;

/// <summary>
/// Where a process's memory is at one moment: resident set and thread count from <c>/proc/self/status</c>, the
/// managed heap, and glibc malloc's own accounting (<c>mallinfo2</c>, <c>malloc_info</c>) when the process runs
/// on glibc. Sizes are in bytes; the glibc figures are null elsewhere.
/// </summary>
public sealed record ProcessMemory(
    long ResidentBytes, long ManagedBytes, int Threads,
    long? MallocHeapBytes, long? MallocInUseBytes, long? MallocFreeBytes, long? MallocMappedBytes, int? MallocArenas)
{
    public static ProcessMemory Now()
    {
        var status = File.Exists("/proc/self/status") ? File.ReadAllLines("/proc/self/status") : [];
        long Field(string name) =>
            status.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
                ? long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)
                : 0;
        var resident = Field("VmRSS") * 1024;
        var threads = (int)Field("Threads");
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        if (!OperatingSystem.IsLinux())
        {
            return new ProcessMemory(resident, managed, threads, null, null, null, null, null);
        }

        try
        {
            var info = mallinfo2();
            return new ProcessMemory(
                resident, managed, threads, (long)info.Arena, (long)info.InUse, (long)info.Free, (long)info.MappedBytes, CountArenas());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new ProcessMemory(resident, managed, threads, null, null, null, null, null);
        }
    }

    /// <summary>malloc_info writes one &lt;heap&gt; element per arena (the main one and every per-thread one).</summary>
    private static int CountArenas()
    {
        var stream = open_memstream(out var buffer, out _);
        if (stream == IntPtr.Zero)
        {
            return 0;
        }

        try
        {
            malloc_info(0, stream);
        }
        finally
        {
            fclose(stream);
        }

        var xml = Marshal.PtrToStringUTF8(buffer) ?? "";
        free(buffer);
        var count = 0;
        for (var at = xml.IndexOf("<heap nr=", StringComparison.Ordinal); at >= 0; at = xml.IndexOf("<heap nr=", at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    // glibc <malloc.h>: struct mallinfo2, every field a size_t.
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena;
        public nuint FreeChunks;
        public nuint FastChunks;
        public nuint MappedChunks;
        public nuint MappedBytes;
        public nuint MaxTotalAllocated;
        public nuint FastFreeBytes;
        public nuint InUse;
        public nuint Free;
        public nuint TopReleasable;
    }

    [DllImport("libc")]
    private static extern MallInfo2 mallinfo2();

    [DllImport("libc")]
    private static extern int malloc_info(int options, IntPtr stream);

    [DllImport("libc")]
    private static extern IntPtr open_memstream(out IntPtr buffer, out nuint size);

    [DllImport("libc")]
    private static extern int fclose(IntPtr stream);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
}
