using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Layers;

/// <summary>
/// The libtorch on this machine computes the convolutions of the model zoo correctly, gradients included. libtorch
/// 2.10's CPU convolution returns wrong input gradients (errors of 10-30, or NaN) for convolutions with fewer than
/// 16 output channels on some processors (seen on an AMD EPYC of family 26; docs/architecture.md, "libtorch's small
/// convolutions"); training, CROWN's backward pass and PGD all rely on these gradients. Every convolution shape of
/// every zoo model is checked in float32 against float64 (on images of at most 9x9).
/// </summary>
public sealed class ConvolutionGradientTests
{
    public static TheoryData<string> Models() => new(ModelZoo.Names);

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_convolution_of_the_model_has_correct_gradients(string model)
    {
        using var scope = NewDisposeScope();
        var shapes = DatasetCatalog.Names.Select(d => DatasetCatalog.Describe(d).Shape).Distinct().ToList();
        var layers = shapes
            .SelectMany(shape => ConvolutionsWithInputSizes(model, shape))
            .DistinctBy(c => (c.Layer.InChannels, c.Layer.OutChannels, c.Layer.KernelSize, c.Layer.Stride, c.Layer.Padding, c.Layer.Groups, c.Size))
            .ToList();
        Assert.NotEmpty(layers);
        using var generator = new Generator(5);
        foreach (var (layer, size) in layers)
        {
            using var inner = NewDisposeScope();
            var input = randn(new long[] { 2, layer.InChannels, size, size }, generator: generator);
            var weight = randn(layer.Weight.shape, generator: generator) / Math.Sqrt(layer.FanIn);
            var (dx32, dw32) = Gradients(layer, input, weight, ScalarType.Float32);
            var (dx64, dw64) = Gradients(layer, input, weight, ScalarType.Float64);
            AssertClose(dx64, dx32, $"input gradient of {Describe(layer, size)}");
            AssertClose(dw64, dw32, $"weight gradient of {Describe(layer, size)}");
        }
    }

    private static (Tensor Input, Tensor Weight) Gradients(Conv2dLayer layer, Tensor input, Tensor weight, ScalarType type)
    {
        var x = input.to_type(type).detach().requires_grad_(true);
        var w = weight.to_type(type).detach().requires_grad_(true);
        var output = layer.Apply(x, w, null);
        using var generator = new Generator(9);
        (output * randn(output.shape, generator: generator).to_type(type)).sum().backward();
        return (x.grad!.to_type(ScalarType.Float64), w.grad!.to_type(ScalarType.Float64));
    }

    /// <summary>Every Conv2d layer of the model built for <paramref name="shape"/>, with the side of an image it
    /// takes: one that gives the output side a clean pass sees there.</summary>
    private static List<(Conv2dLayer Layer, long Size)> ConvolutionsWithInputSizes(string model, ImageShape shape)
    {
        using var network = ModelZoo.Create(model, shape, 10);
        network.eval();
        var found = new List<(Conv2dLayer, long)>();
        var context = new PropagationContext
        {
            FoldBatchNorm = BatchNormFolding.Never,
            LayerObserver = (layer, output) =>
            {
                if (layer is Conv2dLayer conv && output.Clean is { } clean)
                {
                    // A layer of its own: the network and its layers are disposed when this returns.
                    var copy = new Conv2dLayer(conv.InChannels, conv.OutChannels, conv.KernelSize, conv.Stride, conv.Padding, conv.Groups, hasBias: false);
                    // At most 9x9: the defect depends on the channels, not the image size, and float64 is slow.
                    found.Add((copy, Math.Min(9, ((clean.shape[2] - 1) * conv.Stride) - (2 * conv.Padding) + conv.KernelSize)));
                }
            },
        };
        using (no_grad())
        {
            using var images = zeros(shape.BatchShape(2));
            network.Evaluate(images, null, null, context);
        }

        return found;
    }

    private static string Describe(Conv2dLayer layer, long size) =>
        $"conv {layer.InChannels}->{layer.OutChannels} k{layer.KernelSize} s{layer.Stride} p{layer.Padding} g{layer.Groups} on {size}x{size}";

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        var scale = Math.Max(1e-3, expected.abs().max().item<double>());
        var difference = (expected - actual).abs().max().item<double>();
        Assert.True(difference <= 1e-4 * scale, $"{what} differs by {difference:G3} (scale {scale:G3})");
    }
}
