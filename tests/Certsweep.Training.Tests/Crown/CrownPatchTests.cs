using Certsweep.Training.Bounds;
using Certsweep.Training.Data;
using Certsweep.Training.Initialization;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>
/// Full CROWN with neuron rows in patch form (docs/method.md §8, "Patches") gives the bounds of the rows written
/// out on the whole map, to float rounding: on feature maps large enough that the windows stay smaller than the map
/// for a few layers, BatchNorm in training and eval mode, initialized and after training steps.
/// </summary>
public sealed class CrownPatchTests
{
    [Fact]
    public void OnTheSmallCnnPatchRowsGiveTheBoundsOfWrittenOutRows()
    {
        using var scope = NewDisposeScope();
        var input = new ImageShape(1, 12);
        using var generator = new Generator(20261205);
        using var network = ModelZoo.Create(CnnFourLayerBn.Name, input, 10);
        DefaultInitialization.Apply(network, generator);
        IbpInitialization.Apply(network, generator);
        CheckBothForms(network, input, new Normalization(new[] { 0.29 }, new[] { 0.35 }), classes: 10, train: true);
    }

    /// <summary>Grouped and strided convolutions, residual blocks (written out at the block) and average pooling.</summary>
    [Fact]
    public void OnEveryLayerKindPatchRowsGiveTheBoundsOfWrittenOutRows()
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build("convolutional", seed: 73);
        CheckBothForms(network, RandomNetworks.Input, RandomNetworks.Normalization, RandomNetworks.Classes, train: false);
    }

    private static void CheckBothForms(Network network, ImageShape input, Normalization normalization, int classes, bool train)
    {
        var images = RandomNetworks.Images(2, seed: 71, input, normalization);
        var labels = RandomNetworks.Labels(2, seed: 72, classes: classes);
        var box = InputBox.Around(images, 0.03, normalization);
        foreach (var trained in train ? new[] { false, true } : new[] { false })
        {
            if (trained)
            {
                CrownTraining.Steps(network, images, labels, box, steps: 2);
            }

            foreach (var trainingMode in new[] { false, true })
            {
                network.train(trainingMode);
                using var noGrad = no_grad();
                var context = new PropagationContext { Statistics = new BatchStatistics() };
                var ibp = network.Evaluate(images, box, labels, context).MarginLower!;
                var patches = CrownMarginBounds.CrownLower(network, box, labels, context, patches: true);
                var dense = CrownMarginBounds.CrownLower(network, box, labels, context, patches: false);
                var what = $"{network.Architecture} ({(trainingMode ? "train" : "eval")}, {(trained ? "trained" : "initialized")})";
                var scale = 1 + dense.abs().max().ToDouble();
                var difference = (patches - dense).abs().max().ToDouble();
                Assert.True(difference <= 1e-4 * scale, $"{what}: patch and written-out rows differ by {difference:G3} (bounds up to {scale - 1:G3})");
                Assert.True((dense - ibp).max().ToDouble() > 1e-3, $"{what}: CROWN never beat IBP here; the comparison is vacuous");
            }
        }
    }

    [Fact]
    public void AWindowWrittenOutLiesWhereItsGridSaysAndCoversTheMapOnly()
    {
        using var scope = NewDisposeScope();
        // Two rows on a 3x3 grid, windows of side 4 at stride 2 and padding 1 over a 5x5 map of 2 channels.
        var grid = new PatchGrid(tensor(new long[] { 0, 2 }), tensor(new long[] { 1, 2 }), 3, 3, stride: 2, padding: 1, height: 5, width: 5);
        var coefficients = arange(2 * 2 * 4 * 4, dtype: ScalarType.Float32).view(1, 2, 2, 4, 4) + 1;
        var dense = grid.ToDense(coefficients);
        Assert.Equal(new long[] { 1, 2, 2, 5, 5 }, dense.shape);
        for (var row = 0; row < 2; row++)
        {
            var (top, left) = row == 0 ? (-1L, 1L) : (3L, 3L);
            for (var c = 0; c < 2; c++)
            {
                for (var y = 0; y < 5; y++)
                {
                    for (var x = 0; x < 5; x++)
                    {
                        var (ky, kx) = (y - top, x - left);
                        var expected = ky is >= 0 and < 4 && kx is >= 0 and < 4 ? coefficients[0, row, c, ky, kx].ToSingle() : 0f;
                        Assert.Equal(expected, dense[0, row, c, y, x].ToSingle());
                    }
                }
            }
        }

        // Gathering a map back gives each row its window, zero where the window leaves the map.
        var map = arange(2 * 5 * 5, dtype: ScalarType.Float32).view(1, 2, 5, 5) + 1;
        var windows = grid.Gather(map, 4);
        Assert.Equal(new long[] { 1, 2, 2, 4, 4 }, windows.shape);
        Assert.Equal(0f, windows[0, 0, 0, 0, 0].ToSingle());
        Assert.Equal(map[0, 1, 0, 1].ToSingle(), windows[0, 0, 1, 1, 0].ToSingle());
        Assert.Equal(map[0, 0, 4, 4].ToSingle(), windows[0, 1, 0, 1, 1].ToSingle());
        Assert.Equal(0f, windows[0, 1, 0, 2, 2].ToSingle());
        Assert.Equal((windows * coefficients).sum().ToDouble(), (dense * map.unsqueeze(1)).sum().ToDouble(), 3);
    }
}
