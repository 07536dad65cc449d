using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>
/// Soundness of CROWN-IBP and full CROWN (docs/method.md §8) on small networks of every
/// layer kind (grouped and strided convolutions, average pooling, identity and projected residual blocks,
/// BatchNorm 1d/2d, bias-free layers): the margins of 1,000 points drawn from each image's box (half random
/// corners, half interior), or of every corner where the input is small, are never below the margin lower
/// bounds, and the ReLU input bounds full CROWN tightens contain the points' pre-activations. BatchNorm in
/// training mode (the clean batch's statistics, replayed for the points) and eval mode.
/// </summary>
public sealed class CrownSoundnessTests
{
    private const int Points = 1000;

    public static TheoryData<string, bool> SmallNetworkCases()
    {
        var cases = new TheoryData<string, bool>();
        foreach (var name in RandomNetworks.Names)
        {
            cases.Add(name, false);
            cases.Add(name, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(SmallNetworkCases))]
    public void SmallNetworksOfEveryLayerKind(string name, bool trainingMode)
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build(name, seed: 51);
        var images = RandomNetworks.Images(3, seed: 52);
        var labels = RandomNetworks.Labels(3, seed: 53);
        var box = InputBox.Around(images, eps: 0.05, RandomNetworks.Normalization);
        CheckAll(network, trainingMode, images, box, labels, seed: 54, $"{name} ({(trainingMode ? "train" : "eval")})");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryCornerOfASmallInputBox(bool trainingMode)
    {
        using var scope = NewDisposeScope();
        var shape = new ImageShape(1, 3);
        var normalization = Normalization.Identity(1);
        using var network = RandomNetworks.Randomize(ModelZoo.Create(CnnFourLayerBn.Name, shape, 10), seed: 55);
        var images = RandomNetworks.Images(2, seed: 56, shape, normalization);
        var labels = RandomNetworks.Labels(2, seed: 57, classes: 10);
        var box = InputBox.Around(images, eps: 0.1, normalization);
        network.train(trainingMode);
        using var noGrad = no_grad();
        var statistics = new BatchStatistics();
        var context = new PropagationContext { Statistics = statistics };
        network.Evaluate(images, box, labels, context);
        var crownIbp = CrownMarginBounds.CrownIbpLower(network, box, labels, context);
        var crown = CrownMarginBounds.CrownLower(network, box, labels, context);
        for (var image = 0; image < 2; image++)
        {
            var single = new IntervalBounds(box.Centre.narrow(0, image, 1), box.Radius.narrow(0, image, 1));
            var corners = MarginSampling.AllCorners(single);
            Assert.Equal(512, corners.shape[0]);
            var margins = MarginSampling.Margins(network, corners, labels.narrow(0, image, 1), statistics);
            MarginSampling.AssertAbove(margins, crownIbp.narrow(0, image, 1), $"image {image}, CROWN-IBP");
            MarginSampling.AssertAbove(margins, crown.narrow(0, image, 1), $"image {image}, CROWN");
        }
    }

    [Theory]
    [InlineData("convolutional", false)]
    [InlineData("convolutional", true)]
    [InlineData("fully-connected", true)]
    public void FullCrownReluInputBoundsContainSampledPreActivations(string name, bool trainingMode)
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build(name, seed: 58);
        network.train(trainingMode);
        using var noGrad = no_grad();
        var images = RandomNetworks.Images(2, seed: 59);
        var labels = RandomNetworks.Labels(2, seed: 60);
        var box = InputBox.Around(images, eps: 0.05, RandomNetworks.Normalization);
        var statistics = new BatchStatistics();
        var context = new PropagationContext { Statistics = statistics };
        network.Evaluate(images, box, labels, context);
        using var generator = new Generator(61);
        var relus = network.modules().OfType<ReluLayer>().ToList();
        var tightenedNarrower = false;
        for (var image = 0; image < 2; image++)
        {
            var single = new IntervalBounds(box.Centre.narrow(0, image, 1), box.Radius.narrow(0, image, 1));
            var pass = new BackwardPass(context, image, 1);
            network.Sweep(SweepPosition.AtInput(single), new CrownTightening(pass, single, CrownMarginBounds.DefaultMaxCoefficientElements));
            var points = MarginSampling.Points(single, Points, generator).flatten(0, 1);
            statistics.Replay = true;
            var pointPass = new PropagationContext { Statistics = statistics };
            network.Evaluate(points, new IntervalBounds(points, zeros_like(points)), labels.narrow(0, image, 1).repeat(Points), pointPass);
            foreach (var relu in relus)
            {
                var exact = pointPass.ReluInputsByLayer[relu].Centre;
                var tightened = pass.ReluInput(relu);
                var tolerance = 1e-4 * (1 + tightened.Lower.abs().max().ToDouble() + tightened.Upper.abs().max().ToDouble());
                Assert.True((tightened.Lower - exact).max().ToDouble() <= tolerance, $"image {image}: a pre-activation is below its CROWN lower bound");
                Assert.True((exact - tightened.Upper).max().ToDouble() <= tolerance, $"image {image}: a pre-activation is above its CROWN upper bound");
                var ibp = context.ReluInputsByLayer[relu];
                tightenedNarrower |= (tightened.Upper - tightened.Lower).sum().ToDouble() < (ibp.Upper - ibp.Lower).narrow(0, image, 1).sum().ToDouble() - 1e-3;
            }
        }

        Assert.True(tightenedNarrower, "CROWN never tightened a ReLU input; the check is vacuous");
    }

    /// <summary>IBP, CROWN-IBP and full CROWN margin bounds of one pass, each checked against 1,000 sampled points.</summary>
    internal static void CheckAll(Network network, bool trainingMode, Tensor images, IntervalBounds box, Tensor labels, long seed, string what)
    {
        network.train(trainingMode);
        using var noGrad = no_grad();
        var statistics = new BatchStatistics();
        var context = new PropagationContext { Statistics = statistics };
        var ibp = network.Evaluate(images, box, labels, context).MarginLower!;
        var crownIbp = CrownMarginBounds.CrownIbpLower(network, box, labels, context);
        var crown = CrownMarginBounds.CrownLower(network, box, labels, context);
        using var generator = new Generator((ulong)seed);
        var margins = MarginSampling.Margins(network, MarginSampling.Points(box, Points, generator), labels, statistics);
        MarginSampling.AssertAbove(margins, ibp, what + ", IBP");
        MarginSampling.AssertAbove(margins, crownIbp, what + ", CROWN-IBP");
        MarginSampling.AssertAbove(margins, crown, what + ", CROWN");
    }
}
