using Certsweep.Training.Layers;

namespace Certsweep.Training.Models;

/// <summary>
/// The reference's ResNeXt with BN (<c>models/resnext_bn.py</c> and <c>models/resnext_bn_imagenet64.py</c>, spec
/// section 6): conv3x3 stem + BN + ReLU; three stages of bottleneck blocks (1x1 conv + BN + ReLU, grouped 3x3
/// conv with the stage's stride + BN + ReLU, 1x1 conv to twice the group width + BN, shortcut conv1x1 + BN when
/// the shape changes, add, ReLU), the bottleneck width doubling from stage to stage, strides 1, 2, 2; flatten;
/// Linear 512 + BN1d + ReLU; Linear to classes. Children carry the reference's names (<c>layer1.0.conv2</c>,
/// <c>layer2.0.shortcut.1</c>, <c>bn_dense</c>, <c>linear2</c>, ...).
/// </summary>
public static class ResNeXt
{
    /// <summary>ResNeXt 2x32, one block per stage, stem 64 (reference <c>resnext</c> = <c>ResNeXt_2_32</c>).</summary>
    public const string Name = "resnext";

    /// <summary>Tiny-ImageNet model: cardinality 2, bottleneck width 8, two blocks per stage, stem 16
    /// (reference <c>ResNeXt_bn_imagenet64</c>).</summary>
    public const string ImageNet64Name = "ResNeXt_imagenet64";

    private const int Expansion = 2;
    private const int DenseSize = 512;

    public static Network Build(ImageShape input, int classes) =>
        Build(Name, input, classes, blocksPerStage: 1, cardinality: 2, bottleneckWidth: 32, stemChannels: 64);

    public static Network BuildImageNet64(ImageShape input, int classes) =>
        Build(ImageNet64Name, input, classes, blocksPerStage: 2, cardinality: 2, bottleneckWidth: 8, stemChannels: 16);

    public static Network Build(string name, ImageShape input, int classes, int blocksPerStage, int cardinality, int bottleneckWidth, int stemChannels)
    {
        var stem = new Conv2dLayer(input.Channels, stemChannels, 3, padding: 1);
        var layers = new List<(string, BoundedLayer)>
        {
            ("conv1", stem),
            ("bn1", new BatchNormLayer(stemChannels)),
            ("relu", new ReluLayer()),
        };
        long inPlanes = stemChannels;
        var side = stem.OutputSize(input.Size);
        var width = bottleneckWidth;
        var strides = new[] { 1, 2, 2 };
        for (var stage = 0; stage < strides.Length; stage++)
        {
            var blocks = new List<(string, BoundedLayer)>();
            for (var index = 0; index < blocksPerStage; index++)
            {
                var (block, outputSide) = Block(inPlanes, cardinality, width, index == 0 ? strides[stage] : 1, side);
                var label = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                blocks.Add((label, block));
                blocks.Add(($"relu{label}", new ReluLayer()));
                inPlanes = Expansion * cardinality * width;
                side = outputSide;
            }

            layers.Add(($"layer{stage + 1}", new SequentialLayer(blocks)));
            width *= Expansion;
        }

        layers.Add(("flatten", new FlattenLayer()));
        layers.Add(("linear1", new LinearLayer(inPlanes * side * side, DenseSize)));
        layers.Add(("bn_dense", new BatchNormLayer(DenseSize)));
        layers.Add(("dense_relu", new ReluLayer()));
        layers.Add(("linear2", new LinearLayer(DenseSize, classes)));
        return new Network(name, input, classes, layers);
    }

    /// <summary>The residual sum of one grouped bottleneck block; the ReLU after the sum follows it in the stage.</summary>
    private static (ResidualLayer Block, long OutputSide) Block(long inPlanes, int cardinality, int bottleneckWidth, long stride, long side)
    {
        long groupWidth = cardinality * bottleneckWidth;
        long outPlanes = Expansion * groupWidth;
        var grouped = new Conv2dLayer(groupWidth, groupWidth, 3, stride: stride, padding: 1, groups: cardinality);
        var main = new (string, BoundedLayer)[]
        {
            ("conv1", new Conv2dLayer(inPlanes, groupWidth, 1)),
            ("bn1", new BatchNormLayer(groupWidth)),
            ("relu1", new ReluLayer()),
            ("conv2", grouped),
            ("bn2", new BatchNormLayer(groupWidth)),
            ("relu2", new ReluLayer()),
            ("conv3", new Conv2dLayer(groupWidth, outPlanes, 1)),
            ("bn3", new BatchNormLayer(outPlanes)),
        };
        BoundedLayer? shortcut = stride != 1 || inPlanes != outPlanes
            ? new SequentialLayer(SequentialLayer.Numbered(new Conv2dLayer(inPlanes, outPlanes, 1, stride: stride), new BatchNormLayer(outPlanes)))
            : null;
        return (new ResidualLayer(main, shortcut), grouped.OutputSize(side));
    }
}
