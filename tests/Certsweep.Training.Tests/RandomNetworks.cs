using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests;

/// <summary>Small networks covering every supported layer kind, with random parameters and BatchNorm state.</summary>
internal static class RandomNetworks
{
    public const int Classes = 5;

    public static readonly ImageShape Input = new(2, 8);

    /// <summary>Per-channel normalization that is not the identity, so clipping and eps/std both matter.</summary>
    public static readonly Normalization Normalization = new(new[] { 0.3, 0.6 }, new[] { 0.5, 0.25 });

    public static IEnumerable<string> Names => new[] { "convolutional", "without-batchnorm", "fully-connected" };

    public static Network Build(string name, long seed) => Randomize(name switch
    {
        "convolutional" => Convolutional(),
        "without-batchnorm" => WithoutBatchNorm(),
        "fully-connected" => FullyConnected(),
        _ => throw new ArgumentException(name),
    }, seed);

    /// <summary>Conv (stride, padding, groups), BN2d, ReLU, identity and projected residual blocks, average
    /// pooling, flatten, Linear, BN1d. Every convolution has at least 16 output channels: libtorch 2.10's CPU
    /// convolution computes wrong input gradients for fewer on some processors (docs/architecture.md, "libtorch's
    /// small convolutions"), which no model of the zoo has.</summary>
    private static Network Convolutional() => new("convolutional", Input, Classes, SequentialLayer.Numbered(
        new Conv2dLayer(2, 16, 3, padding: 1), new BatchNormLayer(16), new ReluLayer(),
        new Conv2dLayer(16, 16, 3, stride: 2, padding: 1, groups: 2), new BatchNormLayer(16), new ReluLayer(),
        new ResidualLayer(SequentialLayer.Numbered(
            new Conv2dLayer(16, 16, 3, padding: 1), new BatchNormLayer(16), new ReluLayer(),
            new Conv2dLayer(16, 16, 3, padding: 1, groups: 4), new BatchNormLayer(16)), shortcut: null),
        new ReluLayer(),
        new ResidualLayer(SequentialLayer.Numbered(
            new Conv2dLayer(16, 16, 3, stride: 2, padding: 1), new BatchNormLayer(16)),
            new SequentialLayer(SequentialLayer.Numbered(new Conv2dLayer(16, 16, 1, stride: 2, hasBias: false), new BatchNormLayer(16)))),
        new ReluLayer(),
        new AvgPool2dLayer(2),
        new FlattenLayer(),
        new LinearLayer(16, 10), new BatchNormLayer(10), new ReluLayer(),
        new LinearLayer(10, Classes)));

    /// <summary>No BatchNorm: bias-free conv, padded average pooling, Linear without bias.</summary>
    private static Network WithoutBatchNorm() => new("without-batchnorm", Input, Classes, SequentialLayer.Numbered(
        new Conv2dLayer(2, 16, 3, hasBias: false), new ReluLayer(),
        new AvgPool2dLayer(3, stride: 2, padding: 1),
        new Conv2dLayer(16, 16, 2), new ReluLayer(),
        new FlattenLayer(),
        new LinearLayer(16 * 2 * 2, 6, hasBias: false), new ReluLayer(),
        new LinearLayer(6, Classes)));

    private static Network FullyConnected() => new("fully-connected", Input, Classes, SequentialLayer.Numbered(
        new FlattenLayer(),
        new LinearLayer(2 * 8 * 8, 12), new BatchNormLayer(12), new ReluLayer(),
        new ResidualLayer(SequentialLayer.Numbered(new LinearLayer(12, 12), new BatchNormLayer(12), new ReluLayer(), new LinearLayer(12, 12)), shortcut: null),
        new ReluLayer(),
        new LinearLayer(12, Classes)));

    /// <summary>Random weights and biases; BN scales of both signs, random shifts and running statistics.</summary>
    public static Network Randomize(Network network, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var module in network.modules())
        {
            switch (module)
            {
                case AffineLayer affine:
                    affine.Weight.copy_(randn(affine.Weight.shape, generator: generator) * (1.5 / Math.Sqrt(affine.FanIn)));
                    affine.Bias?.copy_(randn(affine.Bias.shape, generator: generator) * 0.3);
                    break;
                case BatchNormLayer norm:
                    norm.Weight.copy_(rand(norm.Features, generator: generator) * 3 - 1.5);
                    norm.Bias.copy_(randn(norm.Features, generator: generator) * 0.5);
                    norm.RunningMean.copy_(randn(norm.Features, generator: generator) * 0.5);
                    norm.RunningVariance.copy_(rand(norm.Features, generator: generator) * 1.5 + 0.5);
                    break;
            }
        }

        return network;
    }

    /// <summary>A batch of normalized images whose pixels lie in [0, 1] before normalization.</summary>
    public static Tensor Images(long batch, long seed, ImageShape? shape = null, Normalization? normalization = null)
    {
        shape ??= Input;
        normalization ??= Normalization;
        using var generator = new Generator((ulong)seed);
        var pixels = rand(shape.BatchShape(batch), generator: generator);
        // Some pixels at the ends of the range, where the box is clipped.
        pixels = where(pixels.lt(0.15), zeros_like(pixels), where(pixels.gt(0.9), ones_like(pixels), pixels));
        var viewShape = new long[] { 1, shape.Channels, 1, 1 };
        var mean = tensor(normalization.Mean.Select(m => (float)m).ToArray()).view(viewShape);
        var std = tensor(normalization.Std.Select(s => (float)s).ToArray()).view(viewShape);
        return (pixels - mean) / std;
    }

    public static Tensor Labels(long batch, long seed, int classes = Classes)
    {
        using var generator = new Generator((ulong)seed);
        return randint(classes, new[] { batch }, generator: generator);
    }
}
