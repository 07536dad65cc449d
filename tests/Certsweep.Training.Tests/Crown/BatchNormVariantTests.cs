using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>
/// BatchNorm variants (docs/method.md §7): the map each applies, worked out by hand, in
/// training mode (the batch's statistics) and eval mode (running ones), for the clean batch and the interval
/// bounds alike; running statistics updated as usual; parameters kept in the state dictionary; every variant
/// sound under IBP, CROWN-IBP and full CROWN.
/// </summary>
public sealed class BatchNormVariantTests
{
    private static readonly double Epsilon = BatchNormLayer.Epsilon;

    /// <summary>
    /// One channel, clean batch (1, 3): mean 2, biased variance 1. Weight 2, bias 0.5; running mean -1, running
    /// variance 4. Expected outputs for x = 1 and 3 and the interval [3, 5] (centre 4, radius 1).
    /// </summary>
    [Theory]
    [InlineData("full", true)]
    [InlineData("mean", true)]
    [InlineData("var", true)]
    [InlineData("none", true)]
    [InlineData("full-wo-affine", true)]
    [InlineData("mean-wo-affine", false)]
    [InlineData("var-wo-affine", false)]
    [InlineData("full", false)]
    [InlineData("mean", false)]
    [InlineData("var", false)]
    public void MapsCleanValuesAndBoundsAsComputedByHand(string name, bool training)
    {
        using var scope = NewDisposeScope();
        var variant = BatchNormVariant.Parse(name);
        Assert.Equal(name, variant.ToString());
        var norm = new BatchNormLayer(1) { Variant = variant };
        using (no_grad())
        {
            norm.Weight.fill_(2);
            norm.Bias.fill_(0.5);
            norm.RunningMean.fill_(-1);
            norm.RunningVariance.fill_(4);
        }

        norm.train(training);
        var (mean, variance) = training ? (2.0, 1.0) : (-1.0, 4.0);
        var usedMean = variant.UsesMean ? mean : 0;
        var usedVariance = variant.UsesVariance ? variance : 1;
        var (weight, bias) = variant.Affine ? (2.0, 0.5) : (1.0, 0.0);
        var scale = weight / Math.Sqrt(usedVariance + Epsilon);
        double Map(double x) => scale * (x - usedMean) + bias;

        var clean = tensor(new[] { 1f, 3f }).view(2, 1);
        var bounds = new IntervalBounds(tensor(new[] { 4f, 4f }).view(2, 1), tensor(new[] { 1f, 1f }).view(2, 1));
        var output = norm.Propagate(new Activation(clean, bounds), new PropagationContext());
        AssertValues(output.Clean!, Map(1), Map(3));
        AssertValues(output.Bounds!.Lower, Map(3), Map(3));
        AssertValues(output.Bounds.Upper, Map(5), Map(5));
        // Running statistics move towards the batch's whatever the variant uses (unbiased variance 2).
        AssertValues(norm.RunningMean, training ? 0.9 * -1 + 0.1 * 2 : -1);
        AssertValues(norm.RunningVariance, training ? 0.9 * 4 + 0.1 * 2 : 4);
    }

    [Fact]
    public void ACleanOnlyTrainingPassUsesTheVariantToo()
    {
        using var scope = NewDisposeScope();
        var norm = new BatchNormLayer(1) { Variant = BatchNormVariant.Parse("mean") };
        norm.train();
        var output = norm.Propagate(new Activation(tensor(new[] { 1f, 3f }).view(2, 1), null), new PropagationContext());
        var scale = 1 / Math.Sqrt(1 + Epsilon);
        AssertValues(output.Clean!, -scale, scale);
    }

    [Fact]
    public void WithoutAffineTheParametersStayInTheStateDictionaryAndGetNoGradient()
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build("fully-connected", seed: 91);
        var keys = network.state_dict().Keys.ToList();
        network.Use(BatchNormVariant.Parse("full-wo-affine"));
        Assert.Equal(keys, network.state_dict().Keys.ToList());
        Assert.All(network.modules().OfType<BatchNormLayer>(), norm => Assert.Equal(BatchNormVariant.Parse("full-wo-affine"), norm.Variant));
        network.train();
        var images = RandomNetworks.Images(4, seed: 92);
        var labels = RandomNetworks.Labels(4, seed: 93);
        var box = InputBox.Around(images, 0.05, RandomNetworks.Normalization);
        var output = network.Evaluate(images, box, labels, new PropagationContext());
        MarginBounds.RobustLoss(output.MarginLower!).backward();
        foreach (var norm in network.modules().OfType<BatchNormLayer>())
        {
            Assert.True(norm.Weight.grad is null || norm.Weight.grad.abs().max().ToDouble() == 0, "a BatchNorm weight got a gradient without affine");
        }
    }

    public static TheoryData<string, bool> SoundnessCases()
    {
        var cases = new TheoryData<string, bool>();
        foreach (var name in BatchNormVariant.Names)
        {
            cases.Add(name, false);
            cases.Add(name, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(SoundnessCases))]
    public void EveryVariantIsSound(string name, bool trainingMode)
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build("convolutional", seed: 94);
        network.Use(BatchNormVariant.Parse(name));
        var images = RandomNetworks.Images(3, seed: 95);
        var labels = RandomNetworks.Labels(3, seed: 96);
        var box = InputBox.Around(images, 0.05, RandomNetworks.Normalization);
        CrownSoundnessTests.CheckAll(network, trainingMode, images, box, labels, seed: 97, $"{name} ({(trainingMode ? "train" : "eval")})");
    }

    [Theory]
    [InlineData("mean", true)]
    [InlineData("var-wo-affine", false)]
    public void AZooModelWithAVariantIsSound(string name, bool trainingMode)
    {
        using var scope = NewDisposeScope();
        var shape = new ImageShape(3, 8);
        var normalization = Certsweep.Training.Data.Normalization.Identity(3);
        using var network = RandomNetworks.Randomize(ModelZoo.Create(CnnFourLayerBn.Name, shape, 10), seed: 98);
        network.Use(BatchNormVariant.Parse(name));
        var images = RandomNetworks.Images(2, seed: 99, shape, normalization);
        var labels = RandomNetworks.Labels(2, seed: 100, classes: 10);
        var box = InputBox.Around(images, 0.02, normalization);
        CrownSoundnessTests.CheckAll(network, trainingMode, images, box, labels, seed: 101, $"{name} ({(trainingMode ? "train" : "eval")})");
    }

    private static void AssertValues(Tensor actual, params double[] expected)
    {
        var values = actual.detach().to_type(ScalarType.Float64).flatten().data<double>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - expected[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"value {i}: expected {expected[i]}, got {values[i]}");
        }
    }
}
