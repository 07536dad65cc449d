using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Bounds;

/// <summary>Interval rules and margin bounds on tiny networks whose values are worked out by hand.</summary>
public sealed class ExactValueTests
{
    private const double Tolerance = 1e-6;

    [Fact]
    public void LinearMapsCentreWithWAndRadiusWithAbsoluteW()
    {
        using var scope = NewDisposeScope();
        var linear = new LinearLayer(2, 2);
        Set(linear, new float[,] { { 1, -2 }, { 0.5f, 3 } }, new[] { 0.1f, -0.2f });
        // Box [0.5, 1.5] x [1.75, 2.25]: centre (1, 2), radius (0.5, 0.25).
        var output = linear.Propagate(Bounds(new[] { 1f, 2f }, new[] { 0.5f, 0.25f }), new PropagationContext()).Bounds!;
        AssertValues(output.Centre, -2.9, 6.3);
        AssertValues(output.Radius, 1.0, 1.0);
    }

    [Fact]
    public void ConvolutionUsesStridePaddingAndAbsoluteWeights()
    {
        using var scope = NewDisposeScope();
        var conv = new Conv2dLayer(1, 1, 2, stride: 1, padding: 0);
        using (no_grad())
        {
            conv.Weight.copy_(tensor(new float[] { 1, -1, 2, 0.5f }).view(1, 1, 2, 2));
            conv.Bias!.copy_(tensor(new[] { 0.1f }));
        }

        var centre = tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }).view(1, 1, 3, 3);
        var radius = full(new long[] { 1, 1, 3, 3 }, 0.1f);
        var output = conv.Propagate(new Activation(null, new IntervalBounds(centre, radius)), new PropagationContext()).Bounds!;
        // Top-left window (1, 2; 4, 5): 1 - 2 + 8 + 2.5 + 0.1 = 9.6; each window shifts every term by +1 per
        // column (1 - 1 + 2 + 0.5 = 2.5) and +3 per row (7.5).
        AssertValues(output.Centre.flatten(), 9.6, 12.1, 17.1, 19.6);
        AssertValues(output.Radius.flatten(), 0.45, 0.45, 0.45, 0.45);
    }

    [Fact]
    public void ReluMapsLowerAndUpperSeparately()
    {
        using var scope = NewDisposeScope();
        // Inactive [-1.5, -0.5], active [1, 3], unstable [-0.5, 1.5].
        var output = new ReluLayer().Propagate(Bounds(new[] { -1f, 2f, 0.5f }, new[] { 0.5f, 1f, 1f }), new PropagationContext()).Bounds!;
        AssertValues(output.Lower, 0, 1, 0);
        AssertValues(output.Upper, 0, 3, 1.5);
        AssertValues(output.Centre, 0, 2, 0.75);
        AssertValues(output.Radius, 0, 1, 0.75);
    }

    [Fact]
    public void EvalBatchNormIsAnAffineMapWithAbsoluteScaleOnTheRadius()
    {
        using var scope = NewDisposeScope();
        var norm = new BatchNormLayer(2);
        using (no_grad())
        {
            norm.Weight.copy_(tensor(new[] { 2f, -1f }));
            norm.Bias.copy_(tensor(new[] { 0.5f, 0f }));
            norm.RunningMean.copy_(tensor(new[] { 1f, -1f }));
            norm.RunningVariance.copy_(tensor(new[] { 4f, 0.25f }));
        }

        norm.eval();
        var output = norm.Propagate(Bounds(new[] { 3f, 0f }, new[] { 1f, 2f }), new PropagationContext()).Bounds!;
        var scale0 = 2 / Math.Sqrt(4 + BatchNormLayer.Epsilon);
        var scale1 = -1 / Math.Sqrt(0.25 + BatchNormLayer.Epsilon);
        AssertValues(output.Centre, scale0 * 2 + 0.5, scale1 * 1);
        AssertValues(output.Radius, scale0 * 1, -scale1 * 2);
    }

    [Fact]
    public void TrainingBatchNormUsesTheCleanBatchStatistics()
    {
        using var scope = NewDisposeScope();
        var norm = new BatchNormLayer(1);
        norm.train();
        // Clean batch (1, 3): mean 2, biased variance 1. Its bounds have centres far from it: the map must
        // still be the clean batch's.
        var clean = tensor(new[] { 1f, 3f }).view(2, 1);
        var bounds = new IntervalBounds(tensor(new[] { 10f, -4f }).view(2, 1), tensor(new[] { 0.5f, 2f }).view(2, 1));
        var output = norm.Propagate(new Activation(clean, bounds), new PropagationContext());
        var scale = 1 / Math.Sqrt(1 + BatchNormLayer.Epsilon);
        AssertValues(output.Clean!.flatten(), -scale, scale);
        AssertValues(output.Bounds!.Centre.flatten(), 8 * scale, -6 * scale);
        AssertValues(output.Bounds.Radius.flatten(), 0.5 * scale, 2 * scale);
        // Running statistics move 10% towards the batch's, with the unbiased variance (2).
        AssertValues(norm.RunningMean, 0.2);
        AssertValues(norm.RunningVariance, 0.9 + 0.2);
    }

    [Fact]
    public void AveragePoolingAndResidualSum()
    {
        using var scope = NewDisposeScope();
        var pooled = new AvgPool2dLayer(2).Propagate(
            new Activation(null, new IntervalBounds(tensor(new float[] { 1, 2, 3, 6 }).view(1, 1, 2, 2), tensor(new float[] { 0, 1, 2, 1 }).view(1, 1, 2, 2))),
            new PropagationContext()).Bounds!;
        AssertValues(pooled.Centre.flatten(), 3);
        AssertValues(pooled.Radius.flatten(), 1);

        var inner = new LinearLayer(1, 1);
        Set(inner, new float[,] { { -2 } }, new[] { 1f });
        var residual = new ResidualLayer(SequentialLayer.Numbered(inner), shortcut: null);
        // x in [1, 3]: main -2x + 1 has centre -3 and radius 2; the identity adds centre 2 and radius 1.
        var sum = residual.Propagate(Bounds(new[] { 2f }, new[] { 1f }), new PropagationContext()).Bounds!;
        AssertValues(sum.Centre, -1);
        AssertValues(sum.Radius, 3);
    }

    [Fact]
    public void MarginBoundsOfATinyNetwork()
    {
        using var scope = NewDisposeScope();
        var network = TinyNetwork();
        // x = (0.6, 0.2), eps 0.1: box [0.5, 0.7] x [0.1, 0.3]. Hidden pre-activations (x0 + x1, x0 - x1):
        // centre (0.8, 0.4), radius (0.2, 0.2), both active. Logits W2 h + b2 with W2 rows (1,0), (0,1),
        // (1,1) and b2 = (0, 0.5, 0). Label 0: C W2 rows (1,-1) and (0,-1), C b2 = (-0.5, 0):
        // margin centres (0.4 - 0.5, -0.4), radii (0.4, 0.2), lower bounds (-0.5, -0.6).
        var images = tensor(new[] { 0.6f, 0.2f }).view(1, 2, 1, 1);
        var labels = tensor(new long[] { 0 });
        var box = InputBox.Around(images, 0.1, Certsweep.Training.Data.Normalization.Identity(2));
        var output = network.Evaluate(images, box, labels, new PropagationContext());
        AssertValues(output.MarginLower!.flatten(), -0.5, -0.6);
        AssertValues(output.Logits!.flatten(), 0.8, 0.9, 1.2);
        // Bounding the logits first gives z0 - z2 >= 0.6 - 1.6 = -1.0: looser than -0.6.
        // Robust loss: cross-entropy of (0, 0.5, 0.6) at index 0.
        AssertValues(MarginBounds.RobustLoss(output.MarginLower!), Math.Log(1 + Math.Exp(0.5) + Math.Exp(0.6)));
    }

    [Fact]
    public void AZeroMarginLowerBoundCountsAsVerifiedAsInTheReference()
    {
        using var scope = NewDisposeScope();
        var verified = MarginBounds.Verified(tensor(new[,] { { 0f, 1f }, { -1e-7f, 1f }, { 0.3f, 0.1f } }));
        Assert.Equal(new[] { true, false, true }, verified.data<bool>().ToArray());
    }

    [Theory]
    [InlineData("convolutional")]
    [InlineData("fully-connected")]
    [InlineData("without-batchnorm")]
    public void FoldedMarginBoundsAreNeverLooserThanLogitDifferences(string name)
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build(name, seed: 41);
        network.eval();
        using var noGrad = no_grad();
        var images = RandomNetworks.Images(16, seed: 42);
        var labels = RandomNetworks.Labels(16, seed: 43);
        var box = InputBox.Around(images, 0.05, RandomNetworks.Normalization);
        IntervalBounds? features = null;
        var output = network.Evaluate(images, box, labels, new PropagationContext
        {
            LayerObserver = (layer, activation) => features = ReferenceEquals(layer, network.Classifier) ? features : activation.Bounds ?? features,
        });
        var weight = network.Classifier.Weight;
        var logitCentre = nn.functional.linear(features!.Centre, weight, network.Classifier.Bias);
        var logitRadius = nn.functional.linear(features.Radius, weight.abs());
        var lowerOfTrue = (logitCentre - logitRadius).gather(1, labels.unsqueeze(1));
        var differences = lowerOfTrue - (logitCentre + logitRadius);
        var others = nn.functional.one_hot(labels, network.Classes).logical_not();
        var logitDifferenceLower = differences.masked_select(others).view(output.MarginLower!.shape);
        var gap = output.MarginLower! - logitDifferenceLower;
        Assert.True(gap.min().item<float>() >= -1e-5, $"folded bounds looser by {-gap.min().item<float>():G3}");
        Assert.True(gap.max().item<float>() > 1e-3, "folding never tightened anything; the comparison is vacuous");
    }

    private static Network TinyNetwork()
    {
        var hidden = new LinearLayer(2, 2);
        Set(hidden, new float[,] { { 1, 1 }, { 1, -1 } }, new[] { 0f, 0f });
        var classifier = new LinearLayer(2, 3);
        Set(classifier, new float[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } }, new[] { 0f, 0.5f, 0f });
        return new Network("tiny", new ImageShape(2, 1), 3, SequentialLayer.Numbered(new FlattenLayer(), hidden, new ReluLayer(), classifier));
    }

    private static void Set(LinearLayer layer, float[,] weight, float[] bias)
    {
        using var noGrad = no_grad();
        layer.Weight.copy_(tensor(weight));
        layer.Bias!.copy_(tensor(bias));
    }

    private static Activation Bounds(float[] centre, float[] radius) =>
        new(null, new IntervalBounds(tensor(centre).unsqueeze(0), tensor(radius).unsqueeze(0)));

    private static void AssertValues(Tensor actual, params double[] expected)
    {
        var values = actual.detach().to_type(ScalarType.Float64).flatten().data<double>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - expected[i]) <= Tolerance * (1 + Math.Abs(expected[i])), $"value {i}: expected {expected[i]}, got {values[i]}");
        }
    }
}
