using Certsweep.Training.Data;
using Certsweep.Training.Probes;
using TorchSharp;

namespace Certsweep.Client.Tests.Local;

/// <summary>
/// The paper's claim (a) on real Fashion-MNIST images: what IBP initialization does to the bound width
/// at initialization, against the default initialization, on the zoo's small CNN and on CNN-7.
/// </summary>
public sealed class BoundWidthProbeTests : IClassFixture<BoundWidthProbeTests.FashionMnist>
{
    private const int Samples = 64;
    private readonly FashionMnist _data;

    public BoundWidthProbeTests(FashionMnist data) => _data = data;

    /// <summary>The first images of Fashion-MNIST's training split, loaded once for the class.</summary>
    public sealed class FashionMnist : IDisposable
    {
        public FashionMnist() => Split = DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.FashionMnist, TrainLimit: Samples, TestLimit: 2));

        public DataSplit Split { get; }

        public void Dispose() => Split.Dispose();
    }

    [Theory]
    [InlineData("cnn_4layer_bn", 30)]
    [InlineData("cnn", 10_000)]
    public void With_the_weights_alone_IBP_init_keeps_the_width_within_a_small_factor_while_standard_init_explodes(string model, double minimumStandardGrowth)
    {
        var profile = BoundWidthProbe.Measure(model, _data.Split.Train, 0.1, Samples, 1, BatchNormStatistics.Running, torch.CPU);

        // Measured (64 images, seed 1): IBP ratios 1.1-2.4 (cnn_4layer_bn) and 0.67-1.97 (cnn); standard
        // init ends at 69x and 46,000x the input width.
        Assert.All(profile.HiddenLayers, l => Assert.InRange(l.IbpRatio, 0.4, 3));
        Assert.True(profile.IbpSpread < 4, $"IBP init spread {profile.IbpSpread}");
        Assert.True(profile.StandardGrowth > minimumStandardGrowth, $"standard init grew only {profile.StandardGrowth}x");
        Assert.True(profile.StandardSpread > 30 * profile.IbpSpread, $"spreads: standard {profile.StandardSpread}, IBP {profile.IbpSpread}");
        // Exponential: every conv/linear after the first multiplies the standard-init width by more than 3.
        var affine = AffineGains(profile).Skip(1).ToList();
        Assert.NotEmpty(affine);
        Assert.All(affine, g => Assert.True(g.Standard > 3, $"standard gain {g.Standard} at {g.Name}"));
    }

    [Theory]
    [InlineData("cnn_4layer_bn")]
    [InlineData("cnn")]
    public void Every_conv_and_linear_layer_roughly_doubles_the_width_under_IBP_init_in_either_batch_norm_mode(string model)
    {
        foreach (var mode in new[] { BatchNormStatistics.Running, BatchNormStatistics.Batch })
        {
            var profile = BoundWidthProbe.Measure(model, _data.Split.Train, 0.1, Samples, 1, mode, torch.CPU);
            // sigma = sqrt(2 pi) / fan_in makes E[sum |W|] = 2 (docs/method.md §4.1); the ReLU after it halves the width again.
            Assert.All(AffineGains(profile), g => Assert.InRange(g.Ibp, 1.5, 2.5));
        }
    }

    [Fact]
    public void With_batch_statistics_BatchNorm_rescales_the_bounds_so_both_initializations_explode()
    {
        // BatchNorm in training mode divides by the clean batch's standard deviation, which scales with the
        // weights: the width after it does not depend on the weights' scale, which is all IBP init changes.
        var profile = BoundWidthProbe.Measure("cnn", _data.Split.Train, 0.1, Samples, 1, BatchNormStatistics.Batch, torch.CPU);

        Assert.True(profile.IbpGrowth > 1e5, $"IBP init grew {profile.IbpGrowth}x");
        Assert.True(profile.StandardGrowth > 1e5, $"standard init grew {profile.StandardGrowth}x");
        Assert.InRange(profile.StandardGrowth / profile.IbpGrowth, 0.2, 10);
    }

    [Fact]
    public void The_profile_has_one_row_per_layer_with_shapes_and_the_logits_last()
    {
        var profile = BoundWidthProbe.Measure("cnn_4layer_bn", _data.Split.Train, 0.1, Samples, 1, BatchNormStatistics.Batch, torch.CPU);

        Assert.Equal(
            new[] { "Conv2d 3x3", "BatchNorm", "ReLU", "Conv2d 4x4 s2", "BatchNorm", "ReLU", "Flatten", "Linear", "BatchNorm", "ReLU", "Linear" },
            profile.Layers.Select(l => l.Kind));
        Assert.Equal(Enumerable.Range(1, 11), profile.Layers.Select(l => l.Depth));
        Assert.Equal(new long[] { 16, 28, 28 }, profile.Layers[0].OutputShape);
        Assert.Equal(new long[] { 6272 }, profile.Layers[6].OutputShape);
        Assert.Equal(new long[] { 10 }, profile.Layers[^1].OutputShape);
        Assert.True(profile.Layers[^1].IsClassifier);
        Assert.Single(profile.Layers, l => l.IsClassifier);
        // The input box is eps = 0.1 clipped to [0, 1]: narrower where pixels are near 0 or 1.
        Assert.InRange(profile.InputRadius, 0.03, 0.1);
        Assert.All(profile.Layers, l => Assert.Equal(l.StandardRadius / profile.InputRadius, l.StandardRatio, 9));
        // A ReLU never widens an interval; Flatten keeps it.
        foreach (var (before, relu) in profile.Layers.Zip(profile.Layers.Skip(1)).Where(p => p.Second.Kind == "ReLU"))
        {
            Assert.True(relu.StandardRadius <= before.StandardRadius && relu.IbpRadius <= before.IbpRadius);
        }

        Assert.Equal(profile.Layers[5].IbpRadius, profile.Layers[6].IbpRadius, 9);
    }

    /// <summary>Width after each conv/linear layer (not the classifier) over the width before it.</summary>
    private static IEnumerable<(string Name, double Standard, double Ibp)> AffineGains(BoundWidthProfile profile)
    {
        var layers = profile.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].IsClassifier || !(layers[i].Kind.StartsWith("Conv2d", StringComparison.Ordinal) || layers[i].Kind == "Linear"))
            {
                continue;
            }

            var (standardBefore, ibpBefore) = i == 0 ? (profile.InputRadius, profile.InputRadius) : (layers[i - 1].StandardRadius, layers[i - 1].IbpRadius);
            yield return (layers[i].Name, layers[i].StandardRadius / standardBefore, layers[i].IbpRadius / ibpBefore);
        }
    }
}
