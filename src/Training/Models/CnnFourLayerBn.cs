using Certsweep.Training.Layers;

namespace Certsweep.Training.Models;

/// <summary>
/// <c>cnn_4layer_bn</c>, ours (not in the reference): a small CNN with BN after every conv/linear layer,
/// sized for CPU sweeps: conv3x3 16 + BN + ReLU; conv4x4 32 stride 2 + BN + ReLU; flatten; Linear 100 +
/// BN1d + ReLU; Linear to classes.
/// </summary>
public static class CnnFourLayerBn
{
    public const string Name = "cnn_4layer_bn";

    public static Network Build(ImageShape input, int classes)
    {
        var conv2 = new Conv2dLayer(16, 32, 4, stride: 2, padding: 1);
        var side = conv2.OutputSize(input.Size);
        return new Network(Name, input, classes, SequentialLayer.Numbered(
            new Conv2dLayer(input.Channels, 16, 3, padding: 1), new BatchNormLayer(16), new ReluLayer(),
            conv2, new BatchNormLayer(32), new ReluLayer(),
            new FlattenLayer(),
            new LinearLayer(side * side * 32, 100), new BatchNormLayer(100), new ReluLayer(),
            new LinearLayer(100, classes)));
    }
}
