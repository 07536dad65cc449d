using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>
/// The CROWN-IBP training bound is differentiable and its autograd gradients are the true ones: the robust loss of
/// <c>f lb_CROWN-IBP + (1 - f) lb_IBP</c> on a tiny float64 network (convolutions, BatchNorm in training mode,
/// Linear, BatchNorm1d), differentiated along random parameter directions, against central finite differences.
/// </summary>
public sealed class CrownIbpGradientTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0 - 1e-6)]
    public void RobustLossGradientsMatchFiniteDifferences(double eps)
    {
        using var scope = NewDisposeScope();
        var shape = new ImageShape(2, 4);
        using var network = RandomNetworks.Randomize(new Network("tiny", shape, 3, SequentialLayer.Numbered(
            new Conv2dLayer(2, 16, 3, padding: 1), new BatchNormLayer(16), new ReluLayer(),
            new Conv2dLayer(16, 16, 4, stride: 2, padding: 1), new BatchNormLayer(16), new ReluLayer(),
            new FlattenLayer(), new LinearLayer(16 * 2 * 2, 8), new BatchNormLayer(8), new ReluLayer(),
            new LinearLayer(8, 3))), seed: 71);
        network.to(ScalarType.Float64);
        network.train();
        var normalization = Normalization.Identity(2);
        var images = RandomNetworks.Images(4, seed: 72, shape, normalization).to_type(ScalarType.Float64);
        var labels = RandomNetworks.Labels(4, seed: 73, classes: 3);
        var box = InputBox.Around(images, 0.05, normalization);
        Assert.Equal(ScalarType.Float64, box.Centre.dtype);

        Tensor Loss()
        {
            var context = new PropagationContext();
            var output = network.Evaluate(images, box, labels, context);
            return MarginBounds.RobustLoss(CrownIbpMix.Lower(network, box, labels, context, output.MarginLower!, eps, epsMax: 1));
        }

        var parameters = network.parameters().Cast<Tensor>().ToList();
        var loss = Loss();
        var gradients = autograd.grad(new[] { loss }, parameters);
        using var generator = new Generator(74);
        const double step = 1e-6;
        for (var trial = 0; trial < 4; trial++)
        {
            var directions = parameters.Select(p => randn(p.shape, ScalarType.Float64, generator: generator)).ToList();
            var analytic = gradients.Zip(directions, (g, d) => (g * d).sum().ToDouble()).Sum();
            double Shifted(double by)
            {
                using var noGrad = no_grad();
                for (var i = 0; i < parameters.Count; i++)
                {
                    parameters[i].add_(directions[i], alpha: by);
                }

                var value = Loss().ToDouble();
                for (var i = 0; i < parameters.Count; i++)
                {
                    parameters[i].add_(directions[i], alpha: -by);
                }

                return value;
            }

            var numeric = (Shifted(step) - Shifted(-step)) / (2 * step);
            Assert.True(Math.Abs(analytic - numeric) <= 1e-5 * (1 + Math.Abs(numeric)), $"direction {trial}: autograd {analytic}, finite differences {numeric}");
        }
    }
}
