using Certsweep.Training.Layers;

namespace Certsweep.Training.Models;

/// <summary>
/// CNN-7 with BN (docs/method.md §6): conv3x3 64, 64, 128 (stride 2), 128, 128, each followed by BN and ReLU;
/// flatten; Linear 512, BN1d, ReLU; Linear to classes. <c>cnn</c> is the reference's <c>cnn_7layer_bn2</c>;
/// <c>cnn_7layer_bn_imagenet</c> (the reference's function of that name, for Tiny-ImageNet) differs only in
/// the stride 2 of the fifth conv. Layers are numbered as the reference's nn.Sequential, so state-dictionary
/// keys match.
/// </summary>
public static class CnnSevenLayerBn
{
    public const string Name = "cnn";

    public const string ImageNetName = "cnn_7layer_bn_imagenet";

    public static Network Build(ImageShape input, int classes) => Build(Name, input, classes, width: 64, linearSize: 512);

    public static Network BuildImageNet(ImageShape input, int classes) => Build(ImageNetName, input, classes, width: 64, linearSize: 512, lastStride: 2);

    public static Network Build(string name, ImageShape input, int classes, int width, int linearSize, int lastStride = 1)
    {
        var conv3 = new Conv2dLayer(width, 2 * width, 3, stride: 2, padding: 1);
        var conv5 = new Conv2dLayer(2 * width, 2 * width, 3, stride: lastStride, padding: 1);
        var side = conv5.OutputSize(conv3.OutputSize(input.Size));
        return new Network(name, input, classes, SequentialLayer.Numbered(
            new Conv2dLayer(input.Channels, width, 3, padding: 1), new BatchNormLayer(width), new ReluLayer(),
            new Conv2dLayer(width, width, 3, padding: 1), new BatchNormLayer(width), new ReluLayer(),
            conv3, new BatchNormLayer(2 * width), new ReluLayer(),
            new Conv2dLayer(2 * width, 2 * width, 3, padding: 1), new BatchNormLayer(2 * width), new ReluLayer(),
            conv5, new BatchNormLayer(2 * width), new ReluLayer(),
            new FlattenLayer(),
            new LinearLayer(side * side * 2 * width, linearSize), new BatchNormLayer(linearSize), new ReluLayer(),
            new LinearLayer(linearSize, classes)));
    }
}
