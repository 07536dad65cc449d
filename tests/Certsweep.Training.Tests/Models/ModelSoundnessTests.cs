using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Initialization;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Models;

/// <summary>
/// The core invariant (docs/method.md §1) for every model of the zoo: inputs drawn from the eps-box (corners and
/// interior points) produce, at every layer, activations inside that layer's interval bounds, and margins
/// above the margin lower bounds. BatchNorm in eval mode (random running statistics) and in training mode
/// (the clean batch's statistics, replayed for the sampled points: the function the bounds are about). Small
/// spatial inputs, the real channel widths.
/// </summary>
public sealed class ModelSoundnessTests
{
    private const int Batch = 2;
    private const int PointsPerImage = 8;
    private static readonly ImageShape Input = new(3, 16);
    private static readonly Normalization Normalization = new(new[] { 0.4914, 0.4822, 0.4465 }, new[] { 0.2023, 0.1994, 0.2010 });

    public static TheoryData<string, bool> Cases()
    {
        var cases = new TheoryData<string, bool>();
        foreach (var model in ModelZoo.Names)
        {
            cases.Add(model, false);
            cases.Add(model, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PointsInTheInputBoxStayInsideEveryLayersBounds(string model, bool trainingMode)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(20211206);
        using var network = ModelZoo.Create(model, Input, 10);
        DefaultInitialization.Apply(network, generator);
        IbpInitialization.Apply(network, generator);
        RandomizeBatchNorm(network, generator);
        network.train(trainingMode);

        var images = (rand(Input.BatchShape(Batch), generator: generator) - tensor(Normalization.Mean.Select(m => (float)m).ToArray()).view(1, 3, 1, 1))
            / tensor(Normalization.Std.Select(s => (float)s).ToArray()).view(1, 3, 1, 1);
        var labels = tensor(new long[] { 3, 7 });
        var box = InputBox.Around(images, 8.0 / 255, Normalization);

        var statistics = new BatchStatistics();
        var bounds = new Dictionary<BoundedLayer, IntervalBounds>(ReferenceEqualityComparer.Instance);
        using var noGrad = no_grad();
        var output = network.Evaluate(images, box, labels, new PropagationContext
        {
            Statistics = statistics,
            LayerObserver = (layer, activation) =>
            {
                if (activation.Bounds is { } b)
                {
                    bounds[layer] = b;
                }
            },
        });
        var marginLower = output.MarginLower!;
        Assert.True(marginLower.isfinite().all().item<bool>(), $"{model}: margin bounds are not finite.");

        statistics.Replay = true;
        var points = SamplePoints(box, generator);
        var activations = new Dictionary<BoundedLayer, Tensor>(ReferenceEqualityComparer.Instance);
        var logits = network.Evaluate(points, null, null, new PropagationContext
        {
            Statistics = statistics,
            LayerObserver = (layer, activation) => activations[layer] = activation.Clean!,
        }).Logits!;

        Assert.NotEmpty(bounds);
        foreach (var (layer, layerBounds) in bounds)
        {
            var values = activations[layer];
            var perImage = values.reshape(new long[] { PointsPerImage, Batch }.Concat(values.shape.Skip(1)).ToArray());
            var lower = layerBounds.Lower.unsqueeze(0);
            var upper = layerBounds.Upper.unsqueeze(0);
            var tolerance = 1e-4 * (1 + Math.Max(lower.abs().max().item<float>(), upper.abs().max().item<float>()));
            var below = (lower - perImage).max().item<float>();
            var above = (perImage - upper).max().item<float>();
            Assert.True(below <= tolerance && above <= tolerance,
                $"{model} ({(trainingMode ? "train" : "eval")}): {layer.GetName()} [{string.Join(",", values.shape.Skip(1))}] leaves its bounds by {Math.Max(below, above)} (tolerance {tolerance}).");
        }

        var margins = Margins(logits.reshape(PointsPerImage, Batch, 10), labels);
        var marginTolerance = 1e-4 * (1 + marginLower.abs().max().item<float>());
        var violation = (marginLower.unsqueeze(0) - margins).max().item<float>();
        Assert.True(violation <= marginTolerance, $"{model}: a margin is below its lower bound by {violation}.");
    }

    /// <summary>[PointsPerImage * Batch, ...]: per image half corners of the box, half interior points.</summary>
    private static Tensor SamplePoints(IntervalBounds box, Generator generator)
    {
        var lower = box.Lower.unsqueeze(0);
        var width = (box.Upper - box.Lower).unsqueeze(0);
        var shape = new long[] { PointsPerImage }.Concat(box.Centre.shape).ToArray();
        var fractions = rand(shape, generator: generator);
        var corners = fractions.narrow(0, 0, PointsPerImage / 2).gt(0.5).to_type(ScalarType.Float32);
        var mixed = cat(new[] { corners, fractions.narrow(0, PointsPerImage / 2, PointsPerImage / 2) }, 0);
        return (lower + width * mixed).reshape(new long[] { PointsPerImage * Batch }.Concat(box.Centre.shape.Skip(1)).ToArray());
    }

    /// <summary>z_y - z_j for j != y, rows in ascending j, shape [points, batch, K-1].</summary>
    private static Tensor Margins(Tensor logits, Tensor labels)
    {
        var classes = logits.shape[2];
        var own = logits.gather(2, labels.view(1, Batch, 1).expand(logits.shape[0], Batch, 1));
        var all = own - logits;
        var keep = nn.functional.one_hot(labels, classes).logical_not().unsqueeze(0).expand_as(all);
        return all.masked_select(keep).view(logits.shape[0], Batch, classes - 1);
    }

    private static void RandomizeBatchNorm(Network network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var norm in network.modules().OfType<BatchNormLayer>())
        {
            norm.Weight.normal_(1, 0.5, generator);
            norm.Bias.normal_(0, 0.2, generator);
            norm.RunningMean.normal_(0, 0.3, generator);
            norm.RunningVariance.uniform_(0.5, 2.0, generator);
        }
    }
}
