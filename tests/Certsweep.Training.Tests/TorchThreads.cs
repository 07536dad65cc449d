using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using TorchSharp;

namespace Certsweep.Training.Tests;

internal static class TorchThreads
{
    /// <summary>
    /// One libtorch thread per test: xunit already runs test classes side by side, and on a shared 2-core
    /// machine a second OpenMP thread per test only adds spinning (an epoch took 15x longer that way).
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Process-wide libtorch setting for the test process.")]
    internal static void UseOne() => torch.set_num_threads(1);
}
