using Certsweep.Training.Layers;

namespace Certsweep.Training.Models;

/// <summary>
/// The reference's wide ResNet with BN (<c>models/wide_resnet_bn.py</c> and
/// <c>models/wide_resnet_bn_imagenet64.py</c>, docs/method.md §6): conv3x3 16 + BN + ReLU; three stages of one
/// basic block each (conv3x3 + BN + ReLU + conv3x3 + BN, shortcut conv1x1 + BN when the shape changes, add,
/// ReLU) with widths 16k, 32k, 64k and strides 1, 2, 2; flatten; Linear 512 + BN1d + ReLU; Linear to classes.
/// No pooling. Children carry the reference's names (<c>conv1</c>, <c>layer2.0.downsample.0</c>, <c>dense_bn</c>,
/// <c>fc</c>, ...), so state dictionaries match it key for key.
/// </summary>
public static class WideResNet
{
    /// <summary>CIFAR/MNIST model, widen factor 8 (reference <c>wide_resnet_8</c>).</summary>
    public const string Name = "wide_resnet_8";

    /// <summary>Tiny-ImageNet model, widen factor 10 (reference <c>wide_resnet_bn_imagenet64</c>).</summary>
    public const string ImageNet64Name = "wide_resnet_imagenet64";

    private const int BaseWidth = 16;
    private const int DenseSize = 512;

    public static Network Build(ImageShape input, int classes) => Build(Name, input, classes, widenFactor: 8);

    public static Network BuildImageNet64(ImageShape input, int classes) => Build(ImageNet64Name, input, classes, widenFactor: 10);

    public static Network Build(string name, ImageShape input, int classes, int widenFactor)
    {
        var stem = new Conv2dLayer(input.Channels, BaseWidth, 3, padding: 1);
        var layers = new List<(string, BoundedLayer)>
        {
            ("conv1", stem),
            ("bn1", new BatchNormLayer(BaseWidth)),
            ("relu", new ReluLayer()),
        };
        long channels = BaseWidth;
        var side = stem.OutputSize(input.Size);
        var stages = new (int Planes, int Stride)[] { (BaseWidth * widenFactor, 1), (BaseWidth * 2 * widenFactor, 2), (BaseWidth * 4 * widenFactor, 2) };
        for (var stage = 0; stage < stages.Length; stage++)
        {
            var (planes, stride) = stages[stage];
            var (block, outputSide) = BasicBlock(channels, planes, stride, side);
            layers.Add(($"layer{stage + 1}", new SequentialLayer(new (string, BoundedLayer)[] { ("0", block), ("relu0", new ReluLayer()) })));
            channels = planes;
            side = outputSide;
        }

        layers.Add(("flatten", new FlattenLayer()));
        layers.Add(("dense", new LinearLayer(channels * side * side, DenseSize)));
        layers.Add(("dense_bn", new BatchNormLayer(DenseSize)));
        layers.Add(("dense_relu", new ReluLayer()));
        layers.Add(("fc", new LinearLayer(DenseSize, classes)));
        return new Network(name, input, classes, layers);
    }

    /// <summary>The residual sum of one basic block; the ReLU after the sum follows it in the stage.</summary>
    private static (ResidualLayer Block, long OutputSide) BasicBlock(long inPlanes, long planes, long stride, long side)
    {
        var conv1 = new Conv2dLayer(inPlanes, planes, 3, stride: stride, padding: 1);
        var main = new (string, BoundedLayer)[]
        {
            ("conv1", conv1),
            ("bn1", new BatchNormLayer(planes)),
            ("relu", new ReluLayer()),
            ("conv2", new Conv2dLayer(planes, planes, 3, padding: 1)),
            ("bn2", new BatchNormLayer(planes)),
        };
        BoundedLayer? downsample = stride != 1 || inPlanes != planes
            ? new SequentialLayer(SequentialLayer.Numbered(new Conv2dLayer(inPlanes, planes, 1, stride: stride), new BatchNormLayer(planes)))
            : null;
        return (new ResidualLayer(main, downsample, "downsample"), conv1.OutputSize(side));
    }
}
