using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Certsweep.Client.Tests.Specs;

/// <summary>
/// How long a synchronous piece of work takes: the processor time of the calling thread, and the wall-clock time. The
/// per-case bounds of the spec tests are on the processor time, which is the work itself: this machine's two cores
/// are shared (load averages of 10 and more are common) and the tests run in parallel, so a wall-clock bound would
/// measure the neighbours. A hang or a quadratic blow-up burns processor time and fails the bound all the same; the
/// wall clock is bounded too, loosely, for a wait that burns none.
/// </summary>
internal static class CpuTime
{
    /// <summary>The bound of one case: processor time.</summary>
    public static readonly TimeSpan PerCase = TimeSpan.FromSeconds(1);

    /// <summary>The loose wall-clock bound of one case.</summary>
    public static readonly TimeSpan PerCaseWall = TimeSpan.FromSeconds(15);

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    public static (T Result, TimeSpan Cpu, TimeSpan Wall) Measure<T>(Func<T> work)
    {
        var wall = Stopwatch.StartNew();
        var start = ThreadNow();
        var result = work();
        return (result, ThreadNow() - start, wall.Elapsed);
    }

    /// <summary>Fails unless the work stayed within <see cref="PerCase"/> of processor time and <see cref="PerCaseWall"/>.</summary>
    public static T Bounded<T>(string what, Func<T> work)
    {
        var (result, cpu, wall) = Measure(work);
        Assert.True(cpu < PerCase, $"{what} took {cpu.TotalMilliseconds:0} ms of processor time");
        Assert.True(wall < PerCaseWall, $"{what} took {wall.TotalMilliseconds:0} ms");
        return result;
    }

    private static TimeSpan ThreadNow()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.FromTicks(Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
        }

        if (ClockGetTime(ThreadCpuClock, out var now) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return TimeSpan.FromTicks((now.Seconds * TimeSpan.TicksPerSecond) + (now.Nanoseconds / 100));
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
