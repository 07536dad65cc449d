using System.Text.Json;
using Certsweep.Hyperparameters;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Checkpoints;

/// <summary>Checkpoint files: what goes in comes out, and a damaged file is refused with its path named.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string _root = TrainerRuns.TemporaryDirectory();

    [Fact]
    public void RoundTripKeepsWeightsOptimizerStateAndTrialState()
    {
        using var scope = NewDisposeScope();
        var (network, optimizer) = TrainedBriefly(seed: 1);
        var partial = new PassAccumulator { Samples = 64, Loss = 12.5, CleanWrong = 7, BoundSamples = 64, Unverified = 30 };
        var state = new CheckpointState
        {
            Options = TrainerRuns.Options().With(Parameters.LrMilestones.Set([3, 9])),
            CompletedEpochs = 4,
            BatchInEpoch = 3,
            PartialTrain = partial,
            PartialTrainSeconds = 1.25,
            Best = new BestResult(3, 0.25, 0.5),
        };
        var path = Path.Combine(_root, "round-trip");
        TrainingCheckpoint.Write(path, state, network, optimizer);

        var (restored, restoredOptimizer) = TrainedBriefly(seed: 2);
        var read = TrainingCheckpoint.Read(path, restored, restoredOptimizer);
        TrainerRuns.AssertIdentical(TrainerRuns.State(network), TrainerRuns.State(restored));
        Assert.Equal(OptimizerBytes(optimizer), OptimizerBytes(restoredOptimizer));
        Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(read));
        Assert.Equal(new[] { 3, 9 }, read.Options.Get(Parameters.LrMilestones));
        Assert.Equal(4, TrainingCheckpoint.ReadState(path).CompletedEpochs);
        Assert.Empty(Directory.GetFiles(_root, "*.tmp"));
    }

    [Fact]
    public void ATruncatedOrForeignFileIsRefusedWithItsPath()
    {
        using var scope = NewDisposeScope();
        var (network, optimizer) = TrainedBriefly(seed: 1);
        var path = Path.Combine(_root, "whole");
        TrainingCheckpoint.Write(path, new CheckpointState { Options = TrainerRuns.Options(), CompletedEpochs = 1 }, network, optimizer);
        var bytes = File.ReadAllBytes(path);

        var truncated = Path.Combine(_root, "truncated");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Read(truncated, network, optimizer));
        Assert.Contains(truncated, error.Message);

        var header = Path.Combine(_root, "header");
        File.WriteAllBytes(header, bytes[..30]);
        error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.ReadState(header));
        Assert.Contains(header, error.Message);
        Assert.Contains("corrupt or truncated", error.Message);

        var foreign = Path.Combine(_root, "foreign");
        File.WriteAllText(foreign, "not a checkpoint at all");
        error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.ReadState(foreign));
        Assert.Contains(foreign, error.Message);

        var missing = Path.Combine(_root, "missing");
        error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.ReadState(missing));
        Assert.Contains(missing, error.Message);

        var otherModel = ModelZoo.Create(CnnSevenLayerBn.Name, new ImageShape(1, 16), 10);
        error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Read(path, otherModel, null));
        Assert.Contains(path, error.Message);
    }

    private static (Network Network, optim.Optimizer Optimizer) TrainedBriefly(long seed)
    {
        var network = RandomNetworks.Randomize(ModelZoo.Create(CnnFourLayerBn.Name, new ImageShape(1, 16), 10), seed);
        var optimizer = optim.Adam(network.parameters(), lr: 1e-3);
        var images = rand(new long[] { 8, 1, 16, 16 });
        var labels = randint(10, new long[] { 8 });
        network.train();
        for (var i = 0; i < 2; i++)
        {
            optimizer.zero_grad();
            nn.functional.cross_entropy(network.Evaluate(images, null, labels, new Training.Layers.PropagationContext()).Logits!, labels).backward();
            optimizer.step();
        }

        return (network, optimizer);
    }

    private static byte[] OptimizerBytes(optim.Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        }

        return stream.ToArray();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
