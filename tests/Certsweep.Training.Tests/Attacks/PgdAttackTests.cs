using Certsweep.Training.Attacks;
using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Attacks;

/// <summary>The L-infinity PGD attack (docs/method.md §9).</summary>
public sealed class PgdAttackTests
{
    private const double Eps = 0.1;
    private const int Batch = 12;
    private const string ConvolutionalSixteen = "convolutional-16";

    public static IEnumerable<object[]> BoxCases() =>
        from name in RandomNetworks.Names.Append(ConvolutionalSixteen)
        from setting in new[] { "small steps", "large steps", "no random start" }
        select new object[] { name, setting };

    [Theory]
    [MemberData(nameof(BoxCases))]
    public void AttackPointsStayInTheEpsBallAndThePixelRange(string name, string setting)
    {
        using var scope = NewDisposeScope();
        using var network = name == ConvolutionalSixteen ? AttackNetworks.Convolutional(seed: 61) : RandomNetworks.Build(name, seed: 61);
        network.eval();
        var images = RandomNetworks.Images(Batch, seed: 62);
        var labels = RandomNetworks.Labels(Batch, seed: 63);
        var options = setting switch
        {
            "small steps" => new PgdOptions { Steps = 6, StepSize = 0.25, Restarts = 2 },
            "large steps" => new PgdOptions { Steps = 3, StepSize = 10 },
            _ => new PgdOptions { Steps = 4, StepSize = 0.5, RandomStart = false },
        };
        using var generator = new Generator(64);
        var result = new PgdAttack(options).Run(network, images, labels, InputBox.Around(images, Eps, RandomNetworks.Normalization), generator);

        Assert.Equal(images.shape, result.Adversarial.shape);
        Assert.True(PixelSpace.Violation(result.Adversarial, images, Eps, RandomNetworks.Normalization) <= 1e-5);
        // The attack does move, up to the edge of the ball.
        Assert.True(PixelSpace.Distance(result.Adversarial, images, RandomNetworks.Normalization) >= Eps * 0.99);
    }

    [Theory]
    [InlineData(AttackLoss.CrossEntropy, false)]
    [InlineData(AttackLoss.Margin, false)]
    [InlineData(AttackLoss.CrossEntropy, true)]
    public void OnALinearBinaryClassifierTheAttackReachesTheClosedFormWorstMargin(AttackLoss loss, bool singleStep)
    {
        using var scope = NewDisposeScope();
        var input = RandomNetworks.Input;
        using var network = RandomNetworks.Randomize(new Network("linear", input, 2, SequentialLayer.Numbered(
            new FlattenLayer(), new LinearLayer(input.Channels * input.Size * input.Size, 2))), seed: 71);
        network.eval();
        var images = RandomNetworks.Images(Batch, seed: 72);
        var labels = RandomNetworks.Labels(Batch, seed: 73, classes: 2);
        var box = InputBox.Around(images, Eps, RandomNetworks.Normalization);
        var options = singleStep ? MtlIbpAttack.SingleStep.Pgd with { Loss = loss } : new PgdOptions { Steps = 10, StepSize = 0.25, Loss = loss };
        using var generator = new Generator(74);
        var result = new PgdAttack(options).Run(network, images, labels, box, generator);

        // The margin z_y - z_other = a.x + b is smallest at the corner with x_k = lower_k where a_k > 0, upper_k otherwise.
        var weight = network.Classifier.Weight.detach();
        var bias = network.Classifier.Bias!.detach();
        var sign = labels.mul(2).sub(1).to_type(ScalarType.Float32).unsqueeze(1);
        var a = sign * (weight[1] - weight[0]).unsqueeze(0);
        var b = sign.squeeze(1) * (bias[1] - bias[0]);
        var lower = box.Lower.flatten(1);
        var upper = box.Upper.flatten(1);
        var worst = minimum(a * lower, a * upper).sum(1) + b;
        var attacked = (a * result.Adversarial.flatten(1)).sum(1) + b;
        var clean = (a * images.flatten(1)).sum(1) + b;

        var gap = (attacked - worst).abs().max().item<float>();
        Assert.True(gap <= 1e-4, $"the attack's margin is {gap} from the optimum");
        Assert.True((clean - worst).min().item<float>() > 0.01, "the clean points are already optimal; the test shows nothing");
        Assert.True(TensorEquality.Identical(attacked.lt(0), result.Misclassified), "the misclassified flags disagree with the returned points");
    }

    [Fact]
    public void MoreRestartsNeverWeakenTheAttack()
    {
        using var scope = NewDisposeScope();
        using var network = AttackNetworks.Convolutional(seed: 81);
        network.eval();
        var images = RandomNetworks.Images(24, seed: 82);
        var labels = RandomNetworks.Labels(24, seed: 83);
        var box = InputBox.Around(images, 0.03, RandomNetworks.Normalization);
        PgdResult Attack(int restarts)
        {
            using var generator = new Generator(84);
            return new PgdAttack(new PgdOptions { Steps = 2, StepSize = 0.25, Restarts = restarts }).Run(network, images, labels, box, generator);
        }

        var one = Attack(1);
        var five = Attack(5);

        Assert.False(one.Misclassified.logical_and(five.Misclassified.logical_not()).any().item<bool>(), "an example attacked by one restart is not by five");
        var sameOutcome = one.Misclassified.eq(five.Misclassified);
        Assert.True(five.Loss.ge(one.Loss).logical_or(sameOutcome.logical_not()).all().item<bool>(), "five restarts found a weaker point");
        Assert.True(five.Loss.gt(one.Loss).any().item<bool>(), "the extra restarts changed nothing; the test shows nothing");
    }

    [Fact]
    public void TheSameGeneratorSeedGivesTheSameAttack()
    {
        using var scope = NewDisposeScope();
        using var network = AttackNetworks.Convolutional(seed: 91);
        network.eval();
        var images = RandomNetworks.Images(Batch, seed: 92);
        var labels = RandomNetworks.Labels(Batch, seed: 93);
        var box = InputBox.Around(images, Eps, RandomNetworks.Normalization);
        var attack = new PgdAttack(new PgdOptions { Steps = 3, Restarts = 2 });
        Tensor Run(ulong seed)
        {
            using var generator = new Generator(seed);
            return attack.Run(network, images, labels, box, generator).Adversarial;
        }

        Assert.True(TensorEquality.Identical(Run(94), Run(94)));
        Assert.False(TensorEquality.Identical(Run(94), Run(95)));
    }

    [Fact]
    public void TheAttackLeavesParametersTheirGradientsAndRunningStatisticsAlone()
    {
        using var scope = NewDisposeScope();
        using var network = AttackNetworks.Convolutional(seed: 101);
        network.eval();
        var images = RandomNetworks.Images(Batch, seed: 102);
        var labels = RandomNetworks.Labels(Batch, seed: 103);
        network.Evaluate(images, null, null, new PropagationContext()).Logits!.square().sum().backward();
        var state = TrainerRuns.State(network);
        var gradients = network.parameters().Select(p => p.grad!.clone()).ToList();
        using var generator = new Generator(104);

        var result = new PgdAttack(new PgdOptions { Steps = 3, Restarts = 2 }).Run(network, images, labels, InputBox.Around(images, Eps, RandomNetworks.Normalization), generator);

        Assert.True(result.Misclassified.any().item<bool>());
        TrainerRuns.AssertIdentical(state, TrainerRuns.State(network));
        Assert.All(network.parameters().Zip(gradients), pair => Assert.True(TensorEquality.Identical(pair.First.grad!, pair.Second)));
        Assert.False(result.Adversarial.requires_grad);
    }

    [Fact]
    public void ANetworkInTrainingModeIsRefused()
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build("convolutional", seed: 111);
        network.train();
        var images = RandomNetworks.Images(4, seed: 112);
        using var generator = new Generator(113);
        var attack = new PgdAttack(new PgdOptions());
        Assert.Throws<InvalidOperationException>(() =>
            attack.Run(network, images, RandomNetworks.Labels(4, seed: 114), InputBox.Around(images, Eps, RandomNetworks.Normalization), generator));
    }

    [Fact]
    public void OptionsOutsideTheirRangeAreRefused()
    {
        Assert.Empty(new PgdOptions().Validate());
        Assert.Equal(3, new PgdOptions { Steps = -1, StepSize = 0, Restarts = 0 }.Validate().Count);
        Assert.Single(new PgdOptions { Restarts = 2, RandomStart = false }.Validate());
        Assert.Throws<ArgumentException>(() => new PgdAttack(new PgdOptions { StepSize = double.NaN }));
    }
}
