using Certsweep.Training.Loop;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests;

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
        var options = TrainerRuns.Options(epochs: 5) with { ScheduleLength = 2 };
        // Tensors other tests left to the finalizer would be counted (and vanish) mid-run: collect them first.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var live = new List<long>();
        var probe = new TrainerRuns.Probe { Epoch = _ => live.Add(Tensor.TotalCount) };
        using (var trainer = new IbpTrainer(options, data, CPU, _root, probe))
        {
            trainer.Run();
        }

        Assert.Equal(5, live.Count);
        // Epoch 1 creates the optimizer's state; from then on the count must not move.
        Assert.True(live.Skip(1).All(count => count == live[1]), $"live tensors after each epoch: {string.Join(", ", live)}");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryTestsCollection
{
}
