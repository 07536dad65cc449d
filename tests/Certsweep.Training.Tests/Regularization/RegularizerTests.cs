using Certsweep.Training.Bounds;
using Certsweep.Training.Regularization;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Regularization;

/// <summary>The warmup regularizers (docs/method.md §4.3) on bounds built by hand.</summary>
public sealed class RegularizerTests
{
    private const double Tolerance = 0.5;

    [Fact]
    public void TightnessAndReluBalanceOfOneLayer()
    {
        using var scope = NewDisposeScope();
        var box = Box(0.1);
        // Neurons 0-1 active (l = 0.4, 0.3), 2-3 inactive (u = -2, -3), 4-5 unstable.
        var centre = new[] { 0.9, 0.8, -3, -4, 0.5, -0.2 };
        var radius = new[] { 0.5, 0.5, 1, 1, 1, 1 };
        var terms = WarmupRegularizer.Compute(box, new[] { Layer(centre, radius) }, Tolerance);

        // tau = mean radius 5/6: relu(0.5 - 0.1 / (5/6)) / 0.5 = 0.76.
        Assert.Equal(0.76, terms.Tightness.item<float>(), 5);
        Assert.Equal(ExpectedBalance(centre, radius), terms.ReluBalance.item<float>(), 5);
        // The same by hand: mean ratio (1.7/6) / (7/6) = 0.242857, variance ratio 5.672222 / 14.722222 = 0.385283.
        Assert.Equal((0.5 - 0.242857 + 0.5 - 0.385283) / 0.5, terms.ReluBalance.item<float>(), 4);
    }

    [Fact]
    public void BalanceSumsMatchAutogradThroughTheSameExpressionAndItsGradient()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(41);
        var c1 = (randn(new long[] { 5, 3, 4, 4 }, generator: generator) * 2 + 0.3).requires_grad_();
        var c2 = c1.detach().clone().requires_grad_();
        var radius = rand(new long[] { 5, 3, 4, 4 }, generator: generator);
        var active = (c1.detach() - radius).gt(0).to_type(ScalarType.Float32);
        var inactive = (c1.detach() + radius).lt(0).to_type(ScalarType.Float32);
        var deviation = c1 - c1.mean();
        var expected = stack(new[]
        {
            (c1 * active).sum(), (c1 * inactive).sum(), (deviation * deviation * active).sum(), (deviation * deviation * inactive).sum(),
        });
        var actual = ReluBalanceSums.Of(c2, active, inactive);
        var weights = randn(4, generator: generator);
        (expected * weights).sum().backward();
        (actual * weights).sum().backward();

        Assert.True((expected - actual).abs().max().item<float>() <= 1e-4 * expected.abs().max().item<float>(), "the sums differ from autograd's");
        var gradientScale = c1.grad!.abs().max().item<float>();
        Assert.True((c1.grad! - c2.grad!).abs().max().item<float>() <= 1e-5 * gradientScale, "the closed-form gradient differs from autograd's");
    }

    [Fact]
    public void ALayerWithoutInactiveNeuronsIsLeftOutOfTheBalanceButCounted()
    {
        using var scope = NewDisposeScope();
        var box = Box(0.2);
        var balancedCentre = new[] { 0.9, 0.8, -3, -4, 0.5, -0.2 };
        var balancedRadius = new[] { 0.5, 0.5, 1, 1, 1, 1 };
        var first = Layer(balancedCentre, balancedRadius, requiresGrad: true);
        // No neuron with u < 0: the mean ratio divides by zero and the layer's value is infinite.
        var second = Layer(new[] { 1.0, 2, 0.5, -0.1 }, new[] { 0.5, 0.5, 1, 1 }, requiresGrad: true);
        var terms = WarmupRegularizer.Compute(box, new[] { first, second }, Tolerance);

        Assert.Equal(ExpectedBalance(balancedCentre, balancedRadius) / 2, terms.ReluBalance.item<float>(), 5);
        var tightnessFirst = Math.Max(0, 0.5 - 0.2 / (5.0 / 6)) / 0.5;
        var tightnessSecond = Math.Max(0, 0.5 - 0.2 / 0.75) / 0.5;
        Assert.Equal((tightnessFirst + tightnessSecond) / 2, terms.Tightness.item<float>(), 5);

        terms.Sum.backward();
        Assert.True(first.Centre.grad!.isfinite().all().item<bool>());
        Assert.True(first.Radius.grad!.isfinite().all().item<bool>());
        Assert.True(second.Radius.grad!.isfinite().all().item<bool>());
        // The skipped value is not part of the loss at all, so nothing flows back from it.
        Assert.Null(second.Centre.grad);
    }

    [Fact]
    public void BalancedActiveAndInactiveNeuronsCostNothing()
    {
        using var scope = NewDisposeScope();
        // Mirror images: equal mean and spread on both sides, so both ratios are 1 >= tol; the mean radius
        // 0.5 is less than twice the input's 0.3, so tau0/tau = 0.6 >= tol.
        var terms = WarmupRegularizer.Compute(Box(0.3), new[] { Layer(new[] { 2.0, 1, -2, -1 }, new[] { 0.5, 0.5, 0.5, 0.5 }) }, Tolerance);
        Assert.Equal(0, terms.ReluBalance.item<float>(), 6);
        Assert.Equal(0, terms.Tightness.item<float>(), 6);
    }

    [Fact]
    public void BalanceValueAndGradientEqualAutogradOfThePlainExpression()
    {
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(9);
        // More active than inactive neurons, so both ratios fall below the tolerance.
        var centre = (randn(new long[] { 4, 3, 5, 5 }, generator: generator) * 0.5 + 0.9).requires_grad_();
        var radius = rand(new long[] { 4, 3, 5, 5 }, generator: generator) * 0.8;
        var bounds = new IntervalBounds(centre, radius);
        var stable = StableNeurons.Of(bounds);
        var value = WarmupRegularizer.ReluBalance(bounds, stable, Tolerance);
        value.backward();
        var gradient = centre.grad!.clone();

        // The reference's expression, differentiated by autograd.
        var plain = centre.detach().clone().requires_grad_();
        var (active, inactive) = (stable.Active, stable.Inactive);
        var deviation = (plain - plain.mean()).square();
        var meanRatio = (plain * active).mean() / -(plain * inactive).mean();
        var varianceRatio = (deviation * active).sum() / (deviation * inactive).sum();
        meanRatio = minimum(meanRatio, 1 / meanRatio.clamp_min(1e-12));
        varianceRatio = minimum(varianceRatio, 1 / varianceRatio.clamp_min(1e-12));
        var expected = (nn.functional.relu(Tolerance - meanRatio) + nn.functional.relu(Tolerance - varianceRatio)) / Tolerance;
        expected.backward();

        Assert.True(expected.item<float>() > 0, "the example does not exercise the regularizer");
        Assert.Equal(expected.item<float>(), value.item<float>(), 5);
        var scale = plain.grad!.abs().max().item<float>();
        Assert.True((plain.grad! - gradient).abs().max().item<float>() <= 1e-5 * scale, "gradients differ");
    }

    /// <summary>The reference's formula written out on doubles.</summary>
    private static double ExpectedBalance(double[] centre, double[] radius)
    {
        var n = centre.Length;
        var mean = centre.Average();
        double meanActive = 0, meanInactive = 0, varianceActive = 0, varianceInactive = 0;
        for (var i = 0; i < n; i++)
        {
            var deviation = (centre[i] - mean) * (centre[i] - mean);
            if (centre[i] - radius[i] > 0)
            {
                meanActive += centre[i] / n;
                varianceActive += deviation;
            }

            if (centre[i] + radius[i] < 0)
            {
                meanInactive += centre[i] / n;
                varianceInactive += deviation;
            }
        }

        var meanRatio = meanActive / -meanInactive;
        var varianceRatio = varianceActive / varianceInactive;
        meanRatio = Math.Min(meanRatio, 1 / meanRatio);
        varianceRatio = Math.Min(varianceRatio, 1 / varianceRatio);
        return (Math.Max(0, Tolerance - meanRatio) + Math.Max(0, Tolerance - varianceRatio)) / Tolerance;
    }

    private static IntervalBounds Box(double radius) =>
        new(zeros(1, 1, 2, 2), full(new long[] { 1, 1, 2, 2 }, radius, ScalarType.Float32));

    private static IntervalBounds Layer(double[] centre, double[] radius, bool requiresGrad = false) => new(
        tensor(centre.Select(v => (float)v).ToArray()).view(1, -1).requires_grad_(requiresGrad),
        tensor(radius.Select(v => (float)v).ToArray()).view(1, -1).requires_grad_(requiresGrad));
}
