using System.Runtime.InteropServices;

namespace Certsweep.Training;

/// <summary>
/// Keeps memory freed by CPU tensors in the process heap for reuse. libtorch allocates CPU tensors with
/// glibc's malloc, which serves every block above 32 MiB with a fresh mmap and unmaps it on free, so each
/// large activation (one BatchNorm output of CNN-7 at batch 256 is 51 MB) is page-faulted and zeroed by
/// the kernel again on every step; that costs more than the arithmetic on it. Turning off malloc's mmap
/// use and its heap trimming makes such blocks come from, and go back to, the heap, the way a caching
/// allocator would: memory stays at the peak of a step instead of following it. Process-wide, idempotent,
/// and a no-op anywhere but Linux with glibc.
/// </summary>
public static class CpuTensorHeap
{
    // glibc <malloc.h>
    private const int TrimThreshold = -1;
    private const int MmapMax = -4;

    private static readonly Lazy<bool> Applied = new(Apply);

    /// <summary>Applies the setting once per process; true when it is in effect.</summary>
    public static bool KeepFreedMemory() => Applied.Value;

    private static bool Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return mallopt(MmapMax, 0) == 1 && mallopt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): keep the allocator's defaults.
            return false;
        }
    }

    /// <summary>
    /// Gives the free memory of every malloc arena back to the kernel (glibc's <c>malloc_trim(0)</c>), the
    /// trimming that <see cref="KeepFreedMemory"/> turns off during steps; for the end of a trial, when the
    /// heap's peak is no longer needed. True when glibc released something; a no-op anywhere but Linux with glibc.
    /// </summary>
    public static bool ReturnFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return malloc_trim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
