using Certsweep.Training.Initialization;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Initialization;

/// <summary>IBP initialization (docs/method.md §4.1): the standard deviation and the residual halving rule.</summary>
public sealed class InitializationTests
{
    [Fact]
    public void WeightsAreDrawnWithSqrtTwoPiOverFanInExceptTheClassifiersAndBiases()
    {
        using var scope = NewDisposeScope();
        var conv = new Conv2dLayer(32, 64, 3, padding: 1, groups: 2);
        var wide = new LinearLayer(64 * 4 * 4, 600);
        var classifier = new LinearLayer(600, 10);
        using var network = new Network("init", new ImageShape(32, 4), 10, SequentialLayer.Numbered(
            conv, new BatchNormLayer(64), new ReluLayer(), new FlattenLayer(), wide, new ReluLayer(), classifier));
        using var generator = new Generator(7);
        DefaultInitialization.Apply(network, generator);
        var classifierBefore = classifier.Weight.detach().clone();
        var biasBefore = wide.Bias!.detach().clone();
        IbpInitialization.Apply(network, generator);

        // conv: fan_in = 32/2 * 9 = 144 (9,216 weights); wide: fan_in 1,024 (614,400 weights). Relative
        // sampling error of a standard deviation from n values is about 1/sqrt(2n): 0.7% and 0.1%.
        AssertStandardDeviation(conv.Weight, Math.Sqrt(2 * Math.PI) / 144, relativeTolerance: 0.04);
        AssertStandardDeviation(wide.Weight, Math.Sqrt(2 * Math.PI) / 1024, relativeTolerance: 0.01);
        Assert.True(classifier.Weight.eq(classifierBefore).all().item<bool>(), "the classifier was re-initialized");
        Assert.True(wide.Bias.eq(biasBefore).all().item<bool>(), "a bias was re-initialized");
    }

    [Fact]
    public void LayersFedByAReluOfAResidualSumAreHalved()
    {
        using var scope = NewDisposeScope();
        // stem -> block 1 (identity shortcut) -> relu -> block 2 (projection shortcut) -> relu -> head.
        var stem = new Conv2dLayer(1, 16, 3, padding: 1);
        var block1First = new Conv2dLayer(16, 16, 3, padding: 1);
        var block1Second = new Conv2dLayer(16, 16, 3, padding: 1);
        var block2First = new Conv2dLayer(16, 16, 3, padding: 1);
        var block2Second = new Conv2dLayer(16, 16, 3, padding: 1);
        var projection = new Conv2dLayer(16, 16, 1);
        var head = new LinearLayer(16 * 4 * 4, 32);
        using var network = new Network("residual", new ImageShape(1, 4), 10, SequentialLayer.Numbered(
            stem, new BatchNormLayer(16), new ReluLayer(),
            new ResidualLayer(SequentialLayer.Numbered(block1First, new BatchNormLayer(16), new ReluLayer(), block1Second, new BatchNormLayer(16)), shortcut: null),
            new ReluLayer(),
            new ResidualLayer(SequentialLayer.Numbered(block2First, new BatchNormLayer(16), new ReluLayer(), block2Second, new BatchNormLayer(16)),
                new SequentialLayer(SequentialLayer.Numbered(projection, new BatchNormLayer(16)))),
            new ReluLayer(),
            new FlattenLayer(), head, new BatchNormLayer(32), new ReluLayer(), new LinearLayer(32, 10)));

        Assert.Equal(new AffineLayer[] { block2First, projection }, IbpInitialization.LayersFedFromResidualSum(network));

        using var generator = new Generator(8);
        IbpInitialization.Apply(network, generator);
        var sigma = Math.Sqrt(2 * Math.PI) / (16 * 9);
        // 2,304 weights each: about 1.5% sampling error; halved and not halved are 50% apart.
        AssertStandardDeviation(block1First.Weight, sigma, 0.08);
        AssertStandardDeviation(block1Second.Weight, sigma, 0.08);
        AssertStandardDeviation(block2First.Weight, sigma / 2, 0.08);
        AssertStandardDeviation(block2Second.Weight, sigma, 0.08);
        AssertStandardDeviation(projection.Weight, Math.Sqrt(2 * Math.PI) / 16 / 2, 0.15);
    }

    [Fact]
    public void TheReferenceRuleAlsoHalvesAfterOtherLayersOnAResidualSum()
    {
        using var scope = NewDisposeScope();
        // relu(sum) is the zoo's case; the reference checks only that the producing layer reads a sum.
        var afterNorm = new LinearLayer(8, 8);
        var afterTwo = new LinearLayer(8, 8);
        using var network = new Network("rule", new ImageShape(8, 1), 10, SequentialLayer.Numbered(
            new FlattenLayer(),
            new ResidualLayer(SequentialLayer.Numbered(new LinearLayer(8, 8)), shortcut: null),
            new BatchNormLayer(8), afterNorm, new ReluLayer(), afterTwo, new LinearLayer(8, 10)));
        Assert.Equal(new AffineLayer[] { afterNorm }, IbpInitialization.LayersFedFromResidualSum(network));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheSameSeedDrawsTheSameWeights(bool ibpInitialization)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> Draw(ulong seed)
        {
            var network = ModelZoo.Create(CnnFourLayerBn.Name, new ImageShape(1, 12), 10);
            using var generator = new Generator(seed);
            DefaultInitialization.Apply(network, generator);
            if (ibpInitialization)
            {
                IbpInitialization.Apply(network, generator);
            }

            return TrainerRuns.State(network);
        }

        TrainerRuns.AssertIdentical(Draw(3), Draw(3));
        Assert.False(Draw(3)["0.weight"].eq(Draw(4)["0.weight"]).all().item<bool>());
    }

    private static void AssertStandardDeviation(Tensor weight, double expected, double relativeTolerance)
    {
        var std = weight.std().item<float>();
        var mean = weight.mean().item<float>();
        Assert.True(Math.Abs(std - expected) <= relativeTolerance * expected, $"std {std:G4}, expected {expected:G4}");
        Assert.True(Math.Abs(mean) <= 5 * expected / Math.Sqrt(weight.numel()), $"mean {mean:G4} is not about 0");
    }
}
