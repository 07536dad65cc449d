using Certsweep.Hyperparameters;
using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Attacks;

/// <summary>The MTL-IBP loss and its training attack (docs/method.md §9).</summary>
public sealed class MtlIbpLossTests
{
    private const double Eps = 0.05;
    private const int Batch = 10;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AlphaOneIsTodaysIbpRobustLossExactly(bool training)
    {
        using var scope = NewDisposeScope();
        var (network, images, labels) = Setup(training);
        var objective = new CertifiedObjective(network, RandomNetworks.Normalization, TrainerRuns.Options().With(Parameters.Eps.Set(Eps)));
        var expected = objective.Evaluate(images, labels, Eps, regularize: false).Loss.item<float>();
        using var generator = new Generator(1);

        var terms = new MtlIbpLoss(1, MtlIbpAttack.EightStep).Compute(network, images, labels, Eps, RandomNetworks.Normalization, generator, new PropagationContext());

        Assert.Equal(expected, terms.Loss.item<float>());
        Assert.Null(terms.Adversarial);
        Assert.Null(terms.AdversarialLoss);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AlphaZeroIsTheCrossEntropyAtTheAdversarialPoint(bool training)
    {
        using var scope = NewDisposeScope();
        var (network, images, labels) = Setup(training);
        using var generator = new Generator(2);

        var terms = new MtlIbpLoss(0, MtlIbpAttack.EightStep).Compute(network, images, labels, Eps, RandomNetworks.Normalization, generator, new PropagationContext());

        // The same pass again (in training mode: BatchNorm on the adversarial batch's statistics).
        var logits = network.Evaluate(terms.Adversarial, terms.Box, labels, new PropagationContext()).Logits!;
        Assert.Equal(F.cross_entropy(logits, labels).item<float>(), terms.Loss.item<float>());
        var cleanLoss = F.cross_entropy(terms.CleanLogits, labels).item<float>();
        Assert.True(terms.Loss.item<float>() > cleanLoss, $"adversarial loss {terms.Loss.item<float>()} is not above the clean loss {cleanLoss}");
    }

    [Fact]
    public void InTrainingModeTheBoundsUseTheAdversarialBatchsStatisticsAndTheTermsCombineConvexly()
    {
        using var scope = NewDisposeScope();
        var (network, images, labels) = Setup(training: true);
        using var generator = new Generator(3);

        var terms = new MtlIbpLoss(0.3, MtlIbpAttack.SingleStep).Compute(network, images, labels, Eps, RandomNetworks.Normalization, generator, new PropagationContext());

        var box = InputBox.Around(images, Eps, RandomNetworks.Normalization);
        var adversarialStatistics = network.Evaluate(terms.Adversarial, box, labels, new PropagationContext()).MarginLower!;
        var cleanStatistics = network.Evaluate(images, box, labels, new PropagationContext()).MarginLower!;
        Assert.True(TensorEquality.Identical(terms.MarginLower, adversarialStatistics));
        Assert.False(terms.MarginLower.allclose(cleanStatistics, rtol: 1e-3, atol: 1e-3), "the statistics make no difference; the test shows nothing");
        Assert.Equal(MarginBounds.RobustLoss(adversarialStatistics).item<float>(), terms.RobustLoss.item<float>());
        var combined = 0.7 * terms.AdversarialLoss!.item<float>() + 0.3 * terms.RobustLoss.item<float>();
        Assert.Equal(combined, terms.Loss.item<float>(), tolerance: 1e-6 * Math.Abs(combined));
        Assert.True(terms.Loss.requires_grad);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheAttackRunsInEvalModeAndTheNetworkKeepsItsMode(bool training)
    {
        using var scope = NewDisposeScope();
        var (network, images, labels) = Setup(training);
        var norms = network.modules().OfType<BatchNormLayer>().ToList();
        var tracked = norms.Select(Tracked).ToList();
        var state = TrainerRuns.State(network);
        using var generator = new Generator(4);

        new MtlIbpLoss(0.5, MtlIbpAttack.EightStep).Compute(network, images, labels, Eps, RandomNetworks.Normalization, generator, new PropagationContext());

        Assert.All(network.modules(), module => Assert.Equal(training, module.training));
        if (training)
        {
            // The clean pass and the adversarial pass, as in the reference; none from the attack's nine passes.
            Assert.Equal(tracked.Select(t => t + 2), norms.Select(Tracked));
        }
        else
        {
            TrainerRuns.AssertIdentical(state, TrainerRuns.State(network));
        }
    }

    [Fact]
    public void TheEightStepAttackSearchesTwicePointOneTimesTheEpsAndStaysInsideIt()
    {
        using var scope = NewDisposeScope();
        var (network, images, labels) = Setup(training: true);
        using var generator = new Generator(5);

        var terms = new MtlIbpLoss(0.5, MtlIbpAttack.EightStep).Compute(network, images, labels, Eps, RandomNetworks.Normalization, generator, new PropagationContext());

        Assert.True(PixelSpace.Violation(terms.Adversarial!, images, 2.1 * Eps, RandomNetworks.Normalization) <= 1e-5);
        Assert.True(PixelSpace.Distance(terms.Adversarial!, images, RandomNetworks.Normalization) > 1.5 * Eps);
    }

    [Theory]
    [InlineData(DatasetCatalog.Cifar10, 2.0 / 255, 8)]
    [InlineData(DatasetCatalog.Cifar10, 8.0 / 255, 1)]
    [InlineData(DatasetCatalog.Mnist, 0.1, 1)]
    [InlineData(DatasetCatalog.Mnist, 0.3, 1)]
    [InlineData(DatasetCatalog.TinyImageNet, 1.0 / 255, 1)]
    public void TheTrainingAttackFollowsTheReferencesChoice(string dataset, double eps, int steps)
    {
        var attack = MtlIbpAttack.For(dataset, eps);
        Assert.Equal(steps, attack.Pgd.Steps);
        Assert.Equal(steps == 8 ? 2.1 : 1.0, attack.EpsFactor);
        Assert.Equal(steps == 8 ? 0.25 : 10, attack.Pgd.StepSize);
    }

    [Fact]
    public void AlphaOutsideZeroToOneIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MtlIbpLoss(1.5, MtlIbpAttack.SingleStep));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MtlIbpLoss(double.NaN, MtlIbpAttack.SingleStep));
        Assert.Throws<ArgumentException>(() => new MtlIbpLoss(0.5, MtlIbpAttack.SingleStep with { EpsFactor = 0 }));
    }

    private static long Tracked(BatchNormLayer norm) => norm.state_dict()["num_batches_tracked"].item<long>();

    private static (Network Network, Tensor Images, Tensor Labels) Setup(bool training)
    {
        var network = AttackNetworks.Convolutional(seed: 121);
        network.train(training);
        return (network, RandomNetworks.Images(Batch, seed: 122), RandomNetworks.Labels(Batch, seed: 123));
    }
}
