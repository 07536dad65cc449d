using Certsweep.Training.Layers;
using Certsweep.Training.Models;

namespace Certsweep.Training.Tests.Attacks;

/// <summary>
/// Networks for the attack tests, whose input gradients are right. The CPU libtorch here (oneDNN's jit:avx512_core
/// convolution, backward_data) returns wrong and varying input gradients, NaN at times, for convolutions whose output
/// channels are not a multiple of 16 (seen with 3, 4, 6, 8, 12, 17, 24), as some of <see cref="RandomNetworks"/>
/// have; these use 16 throughout. Same input shape and normalization as <see cref="RandomNetworks"/>.
/// </summary>
internal static class AttackNetworks
{
    public static Network Convolutional(long seed) => RandomNetworks.Randomize(new Network("convolutional-16", RandomNetworks.Input, RandomNetworks.Classes, SequentialLayer.Numbered(
        new Conv2dLayer(RandomNetworks.Input.Channels, 16, 3, padding: 1), new BatchNormLayer(16), new ReluLayer(),
        new Conv2dLayer(16, 16, 3, stride: 2, padding: 1), new BatchNormLayer(16), new ReluLayer(),
        new ResidualLayer(SequentialLayer.Numbered(
            new Conv2dLayer(16, 16, 3, padding: 1), new BatchNormLayer(16), new ReluLayer(),
            new Conv2dLayer(16, 16, 3, padding: 1), new BatchNormLayer(16)), shortcut: null),
        new ReluLayer(),
        new AvgPool2dLayer(2),
        new FlattenLayer(),
        new LinearLayer(16 * 2 * 2, 16), new BatchNormLayer(16), new ReluLayer(),
        new LinearLayer(16, RandomNetworks.Classes))), seed);
}
