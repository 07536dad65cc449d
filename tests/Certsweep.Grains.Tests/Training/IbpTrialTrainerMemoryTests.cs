using Certsweep.Grains.Training;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.TestSupport;
using Certsweep.Training;
using Certsweep.Training.Models;

namespace Certsweep.Grains.Tests.Training;

/// <summary>
/// An attempt leaves no freed memory resident in malloc's heaps: the trainer keeps freed memory in the heap while
/// it trains (CpuTensorHeap.KeepFreedMemory) and every attempt runs on a thread of its own, so without giving it
/// back at the end each attempt leaves its peak behind in another arena. Measured as what a malloc_trim(0) run
/// right after the attempt still takes from the resident set; RSS is the whole process's, hence a collection of
/// its own that runs without other tests in parallel.
/// </summary>
[Collection(nameof(IbpTrialTrainerMemoryTests))]
public sealed class IbpTrialTrainerMemoryTests : IDisposable
{
    private const long Mb = 1024 * 1024;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "certsweep-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void AttemptsOnThreadsOfTheirOwnGiveFreedMemoryBack()
    {
        var config = TrialConfig.Of(
            Parameters.Dataset.Set(KnownDatasets.Synthetic), Parameters.Model.Set(CnnFourLayerBn.Name), Parameters.Method.Set("fast"),
            Parameters.Eps.Set(0.1), Parameters.ScheduleStart.Set(1), Parameters.Warmup.Set(1), Parameters.Epochs.Set(1),
            Parameters.BatchSize.Set(64), Parameters.TrainLimit.Set(1024), Parameters.TestLimit.Set(256));
        var left = new List<(string Attempt, long Resident, long Freed)>();
        // Trial 0 is suspended half way and resumed from its checkpoint, trial 1 runs whole: three attempts, each on a new thread.
        foreach (var (trial, suspend) in new[] { (0, true), (0, false), (1, false) })
        {
            var outcome = RunOnNewThread(new TrialTrainingRequest(config, "cpu", Path.Combine(_root, $"trial-{trial}"), null, TorchThreads: 1), suspend);
            Assert.Equal(suspend ? TrialTrainingOutcomeKind.Suspended : TrialTrainingOutcomeKind.Completed, outcome.Kind);
            var resident = ProcessMemory.Now().ResidentBytes;
            CpuTensorHeap.ReturnFreedMemory();
            var trimmed = ProcessMemory.Now().ResidentBytes;
            left.Add(($"trial {trial}{(suspend ? " (suspended)" : "")}", resident, resident - trimmed));
        }

        var seen = string.Join("; ", left.Select(a => $"{a.Attempt}: RSS {a.Resident / Mb} MB, {a.Freed / Mb} MB of it freed memory"));
        Assert.True(left.All(a => a.Freed <= 8 * Mb), $"freed memory left resident after an attempt: {seen}");
    }

    private static TrialTrainingOutcome RunOnNewThread(TrialTrainingRequest request, bool suspendMidway)
    {
        TrialTrainingOutcome? outcome = null;
        Exception? failure = null;
        var progress = new MidEpochSuspension(suspendMidway);
        var thread = new Thread(() =>
        {
            try
            {
                outcome = new IbpTrialTrainer().Run(request, progress, CancellationToken.None, progress.Suspension.Token);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true };
        thread.Start();
        thread.Join();
        return failure is null ? outcome! : throw new InvalidOperationException("the attempt failed", failure);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

[CollectionDefinition(nameof(IbpTrialTrainerMemoryTests), DisableParallelization = true)]
public sealed class IbpTrialTrainerMemoryTestsCollection
{
}
