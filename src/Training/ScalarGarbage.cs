using System.Diagnostics;

namespace Certsweep.Training;

/// <summary>
/// Frees, between steps, the native Scalars TorchSharp makes of every .NET number passed to an operation.
/// Only their finalizers free them, and a step allocates too little managed memory for a collection to
/// happen by itself (one in a whole epoch), so the small native blocks pile up between large freed tensors
/// and keep the heap from reusing them: the CPU heap grew by 0.4-0.7 GB per CNN-7 IBP step without a
/// collection per step, and stays flat with one.
/// <para>
/// A collection is not safe at any moment: TorchSharp passes a Scalar's handle to native code without
/// keeping the Scalar alive, so a collection while another thread is inside an operation can finalize a
/// Scalar that operation still reads (seen as "Unknown scalar type" or a wrong value when several trials
/// share a process). So torch work runs inside <see cref="Enter"/> sections, which any number of threads
/// may hold at once, and <see cref="CollectBetweenSteps"/> collects only while no thread holds one.
/// A section must never wait for another thread (e.g. for a prefetched batch), or a waiting collection
/// would block that thread's section in turn.
/// </para>
/// </summary>
public static class ScalarGarbage
{
    /// <summary>Collections further apart than this cost concurrent trials little waiting.</summary>
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(500);

    private static readonly ReaderWriterLockSlim Sections = new(LockRecursionPolicy.SupportsRecursion);
    private static long _lastCollection = Stopwatch.GetTimestamp();

    /// <summary>Marks torch work on this thread; dispose the result when the work is done.</summary>
    public static Section Enter()
    {
        Sections.EnterReadLock();
        return new Section();
    }

    /// <summary>
    /// Collects once no thread is inside a section, unless the last collection was under half a second ago.
    /// Does nothing when called from inside a section: the outermost caller collects.
    /// </summary>
    public static void CollectBetweenSteps()
    {
        if (Sections.IsReadLockHeld || Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastCollection)) < MinimumInterval)
        {
            return;
        }

        Sections.EnterWriteLock();
        try
        {
            // Another thread may have collected while this one waited.
            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastCollection)) < MinimumInterval)
            {
                return;
            }

            GC.Collect(0);
            GC.WaitForPendingFinalizers();
            Interlocked.Exchange(ref _lastCollection, Stopwatch.GetTimestamp());
        }
        finally
        {
            Sections.ExitWriteLock();
        }
    }

    public readonly struct Section : IDisposable
    {
        public void Dispose() => Sections.ExitReadLock();
    }
}
