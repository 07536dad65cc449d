using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Bounds;

/// <summary>
/// The core invariant (docs/method.md §1): for any input inside the box, every activation of every layer and
/// every margin lies inside the computed bounds. In training mode the bounds are those of the function
/// with the clean batch's BatchNorm statistics, so points are evaluated with those statistics replayed.
/// </summary>
public sealed class SoundnessTests
{
    private const int Batch = 6;
    private const int RandomCorners = 10;
    private const int InteriorPoints = 10;

    public static IEnumerable<object[]> Cases() =>
        from name in RandomNetworks.Names
        from training in new[] { false, true }
        from folding in new[] { BatchNormFolding.Always, BatchNormFolding.Never }
        select new object[] { name, training, folding };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PointsInsideTheBoxStayInsideEveryLayersBounds(string name, bool training, BatchNormFolding folding)
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build(name, seed: 11);
        var images = RandomNetworks.Images(Batch, seed: 12);
        var labels = RandomNetworks.Labels(Batch, seed: 13);
        var box = InputBox.Around(images, eps: 0.08, RandomNetworks.Normalization);
        CheckSoundness(network, training, folding, images, box, labels, seed: 14);
    }

    [Theory]
    [InlineData(CnnFourLayerBn.Name, 1, 12)]
    [InlineData(CnnSevenLayerBn.Name, 3, 8)]
    public void ZooModelsAreSound(string model, int channels, int size)
    {
        using var scope = NewDisposeScope();
        var shape = new ImageShape(channels, size);
        var normalization = Certsweep.Training.Data.Normalization.Identity(channels);
        using var network = RandomNetworks.Randomize(ModelZoo.Create(model, shape, 10), seed: 21);
        var images = RandomNetworks.Images(4, seed: 22, shape, normalization);
        var labels = RandomNetworks.Labels(4, seed: 23, classes: 10);
        var box = InputBox.Around(images, eps: 0.03, normalization);
        CheckSoundness(network, training: true, BatchNormFolding.WhereCheaper, images, box, labels, seed: 24);
    }

    private static void CheckSoundness(Network network, bool training, BatchNormFolding folding, Tensor images, IntervalBounds box, Tensor labels, long seed)
    {
        network.train(training);
        using var noGrad = no_grad();
        var bounded = new List<(BoundedLayer Layer, Activation Output)>();
        var statistics = new BatchStatistics();
        var output = network.Evaluate(images, box, labels, new PropagationContext
        {
            Statistics = statistics, FoldBatchNorm = folding, LayerObserver = (layer, activation) => bounded.Add((layer, activation)),
        });
        var marginLower = output.MarginLower!;
        Assert.Equal(new long[] { images.shape[0], network.Classes - 1 }, marginLower.shape);
        Assert.Contains(bounded, o => o.Output.Bounds is not null && o.Layer is ReluLayer);
        if (folding == BatchNormFolding.Always && network.modules().OfType<BatchNormLayer>().Any())
        {
            Assert.Contains(bounded, o => o.Layer is AffineLayer && o.Output.Bounds is null);
        }

        foreach (var (_, activation) in bounded)
        {
            if (activation.Bounds is { } bounds)
            {
                Assert.True(bounds.Radius.ge(0).all().item<bool>(), "a radius is negative");
            }
        }

        statistics.Replay = true;
        using var generator = new Generator((ulong)seed);
        var (lower, upper) = (box.Lower, box.Upper);
        var points = new List<(string Kind, Tensor Point)> { ("lower corner", lower), ("upper corner", upper), ("clean input", images) };
        for (var k = 0; k < RandomCorners; k++)
        {
            var corner = rand(lower.shape, generator: generator).lt(0.5);
            points.Add(($"random corner {k}", where(corner, lower, upper)));
        }

        for (var k = 0; k < InteriorPoints; k++)
        {
            points.Add(($"interior point {k}", lower + rand(lower.shape, generator: generator) * (upper - lower)));
        }

        foreach (var (kind, point) in points)
        {
            var observed = new List<(BoundedLayer Layer, Activation Output)>();
            var logits = network.Evaluate(point, null, labels, new PropagationContext
            {
                Statistics = statistics, LayerObserver = (layer, activation) => observed.Add((layer, activation)),
            }).Logits!;
            Assert.Equal(bounded.Count, observed.Count);
            for (var i = 0; i < bounded.Count; i++)
            {
                Assert.Same(bounded[i].Layer, observed[i].Layer);
                if (bounded[i].Output.Bounds is { } bounds)
                {
                    AssertInside(observed[i].Output.Clean!, bounds.Lower, bounds.Upper, $"{kind}, layer {i} ({bounded[i].Layer.GetName()})");
                }
            }

            var margins = logits.gather(1, labels.unsqueeze(1)) - logits;
            var others = nn.functional.one_hot(labels, network.Classes).logical_not();
            var trueMargins = margins.masked_select(others).view(marginLower.shape);
            AssertInside(trueMargins, marginLower, full_like(marginLower, double.PositiveInfinity), $"{kind}, margins");
        }
    }

    private static void AssertInside(Tensor value, Tensor lower, Tensor upper, string where)
    {
        var tolerance = 1e-4;
        var below = (lower - value - tolerance * (1 + lower.abs())).max().item<float>();
        var above = (value - upper - tolerance * (1 + upper.abs().nan_to_num(0, 0, 0))).max().item<float>();
        Assert.True(below <= 0, $"{where}: a value is below its lower bound by {below:G3}");
        Assert.True(above <= 0, $"{where}: a value is above its upper bound by {above:G3}");
    }
}
