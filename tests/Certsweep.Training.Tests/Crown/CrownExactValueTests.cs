using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>CROWN margin bounds of tiny networks worked out by hand (docs/method.md §8).</summary>
public sealed class CrownExactValueTests
{
    /// <summary>
    /// Input box [0, 1]² (x = (0.5, 0.5), eps 0.5). Hidden pre-activations z1 = x0 + x1 - 0.5 in [-0.5, 1.5]
    /// (unstable, u > -l: lower line z1, slope 1) and z2 = x0 + x1 - 1 in [-1, 1] (unstable, u = -l: lower line 0,
    /// upper line 0.5 (z2 + 1)). Logits W2 h + b2 with rows (1, -1), (0, 0), (1, 1) and b2 = (0, 0.1, 0); label 0.
    /// Margin to class 1: h1 - h2 - 0.1 >= z1 - 0.5 (z2 + 1) - 0.1 = 0.5 (x0 + x1) - 0.6, least at x = 0: -0.6
    /// (IBP: 0 - 1 - 0.1 = -1.1). Margin to class 2: -2 h2 >= -(z2 + 1) = -(x0 + x1), least at x = 1: -2 (IBP: -2).
    /// With one hidden layer CROWN-IBP and full CROWN relax the same bounds.
    /// </summary>
    [Fact]
    public void TwoLayerNetworkMatchesTheHandDerivedBounds()
    {
        using var scope = NewDisposeScope();
        var network = Tiny(new float[,] { { 1, 1 }, { 1, 1 } }, new[] { -0.5f, -1f }, new float[,] { { 1, -1 }, { 0, 0 }, { 1, 1 } }, new[] { 0f, 0.1f, 0f });
        var (ibp, crownIbp, crown) = Bounds(network, new[] { 0.5f, 0.5f }, 0.5, label: 0);
        AssertValues(ibp, -1.1, -2);
        AssertValues(crownIbp, -0.6, -2);
        AssertValues(crown, -0.6, -2);
    }

    /// <summary>
    /// Why CROWN is not always tighter than IBP: one hidden neuron z = x0 + x1 - 0.9 in [-0.9, 1.1] on the box
    /// [0, 1]², u > -l, so the lower line is z itself; the margin z_0 - z_1 = h has the CROWN bound min z = -0.9,
    /// IBP's is relu(-0.9) = 0.
    /// </summary>
    [Fact]
    public void TheAdaptiveLowerLineCanLoseToIbp()
    {
        using var scope = NewDisposeScope();
        var network = Tiny(new float[,] { { 1, 1 } }, new[] { -0.9f }, new float[,] { { 1 }, { 0 } }, new[] { 0f, 0f });
        var (ibp, crownIbp, crown) = Bounds(network, new[] { 0.5f, 0.5f }, 0.5, label: 0);
        AssertValues(ibp, 0);
        AssertValues(crownIbp, -0.9);
        AssertValues(crown, -0.9);
    }

    private static (Tensor Ibp, Tensor CrownIbp, Tensor Crown) Bounds(Network network, float[] pixels, double eps, long label)
    {
        network.eval();
        using var noGrad = no_grad();
        var images = tensor(pixels).view(1, pixels.Length, 1, 1);
        var labels = tensor(new[] { label });
        var box = InputBox.Around(images, eps, Normalization.Identity(pixels.Length));
        var context = new PropagationContext();
        var ibp = network.Evaluate(images, box, labels, context).MarginLower!;
        return (ibp, CrownMarginBounds.CrownIbpLower(network, box, labels, context), CrownMarginBounds.CrownLower(network, box, labels, context));
    }

    private static Network Tiny(float[,] hiddenWeight, float[] hiddenBias, float[,] classifierWeight, float[] classifierBias)
    {
        var hidden = new LinearLayer(hiddenWeight.GetLength(1), hiddenWeight.GetLength(0));
        var classifier = new LinearLayer(classifierWeight.GetLength(1), classifierWeight.GetLength(0));
        using (no_grad())
        {
            hidden.Weight.copy_(tensor(hiddenWeight));
            hidden.Bias!.copy_(tensor(hiddenBias));
            classifier.Weight.copy_(tensor(classifierWeight));
            classifier.Bias!.copy_(tensor(classifierBias));
        }

        return new Network("tiny", new ImageShape(hiddenWeight.GetLength(1), 1), classifierWeight.GetLength(0),
            SequentialLayer.Numbered(new FlattenLayer(), hidden, new ReluLayer(), classifier));
    }

    private static void AssertValues(Tensor actual, params double[] expected)
    {
        var values = actual.to_type(ScalarType.Float64).flatten().data<double>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - expected[i]) <= 1e-5, $"value {i}: expected {expected[i]}, got {values[i]}");
        }
    }
}
