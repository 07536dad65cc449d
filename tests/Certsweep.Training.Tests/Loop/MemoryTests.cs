using Certsweep.Hyperparameters;
using Certsweep.Training.Loop;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Loop;

/// <summary>Memory stays flat across epochs: no tensor outlives its step unless it is state. Counts every live
/// tensor of the process (batches are built on prefetch threads and disposed on the training thread, so a
/// per-thread count drifts), hence alone in a collection that runs without other tests in parallel, after the
/// garbage of earlier tests is finalized.</summary>
[Collection(nameof(MemoryTests))]
public sealed class MemoryTests : IDisposable
{
    private readonly string _root = TrainerRuns.TemporaryDirectory();

    [Fact]
    public void LiveTensorsDoNotGrowFromEpochToEpoch()
    {
        using var data = TrainerRuns.Data();
        // Epochs 1-2 warm up with regularizers, 3-5 train on the robust loss alone; both kinds of epoch,
        // the test passes and the per-epoch checkpoints all run on this thread.
        var options = TrainerRuns.Options(epochs: 5).With(Parameters.Warmup.Set(2));
        // Tensors other tests left to the finalizer would be counted (and vanish) mid-run: collect them first.
        CollectEverything();
        var counts = new List<(string When, long Live, long Reachable)>();
        var probe = new TrainerRuns.Probe { Epoch = report => counts.Add(Count($"epoch {report.Epoch}")) };
        using (var trainer = new IbpTrainer(options, data, CPU, _root, probe))
        {
            counts.Add(Count("constructed"));
            trainer.Run();
        }

        var seen = string.Join(", ", counts.Select(c => $"{c.When}: {c.Live} live, {c.Reachable} after a full collection"));
        Assert.Equal(6, counts.Count);
        // A tensor dropped without Dispose is freed only when a collection happens to reach it, so it shows up
        // here, deterministically, rather than as a count that moves on some runs.
        Assert.True(counts.All(c => c.Live == c.Reachable), $"tensors left to the finalizer: {seen}");
        // Epoch 1 creates the optimizer's state; from then on the count must not move.
        Assert.True(counts.Skip(2).All(c => c.Live == counts[1].Live), $"live tensors grew: {seen}");
    }

    private static (string When, long Live, long Reachable) Count(string when)
    {
        var live = Tensor.TotalCount;
        CollectEverything();
        return (when, live, Tensor.TotalCount);
    }

    private static void CollectEverything()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryTestsCollection
{
}
