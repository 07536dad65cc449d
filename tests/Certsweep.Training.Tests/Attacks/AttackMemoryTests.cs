using Certsweep.Training.Attacks;
using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Tests.Loop;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Attacks;

/// <summary>The attack, PGD error and the MTL-IBP loss leave no tensor behind their caller's dispose scope
/// (live tensors of the whole process are counted, hence the collection of <see cref="MemoryTests"/>).</summary>
[Collection(nameof(MemoryTests))]
public sealed class AttackMemoryTests
{
    [Fact]
    public void RepeatedStepsLeaveTheLiveTensorCountWhereItWas()
    {
        using var network = AttackNetworks.Convolutional(seed: 131);
        using var images = RandomNetworks.Images(8, seed: 132);
        using var labels = RandomNetworks.Labels(8, seed: 133);
        using var generator = new Generator(134);
        var attack = new PgdAttack(new PgdOptions { Steps = 3, Restarts = 2 });
        var loss = new MtlIbpLoss(0.5, MtlIbpAttack.EightStep);
        void Step()
        {
            using var scope = NewDisposeScope();
            network.eval();
            PgdError.Count(network, images, labels, InputBox.Around(images, 0.05, RandomNetworks.Normalization), attack, generator);
            network.train();
            loss.Compute(network, images, labels, 0.05, RandomNetworks.Normalization, generator, new PropagationContext()).Loss.backward();
        }

        // The first step creates the parameters' gradients.
        Step();
        Collect();
        var before = Tensor.TotalCount;
        Step();
        Step();
        var live = Tensor.TotalCount;
        Collect();
        Assert.Equal(before, Tensor.TotalCount);
        Assert.Equal(before, live);
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
