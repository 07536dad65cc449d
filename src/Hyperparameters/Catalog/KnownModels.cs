namespace Certsweep.Hyperparameters.Catalog;

/// <summary>The models a trial can name (the <c>model</c> parameter's choices); the trainer's model zoo builds them.</summary>
public static class KnownModels
{
    public const string Cnn = "cnn";
    public const string WideResNet8 = "wide_resnet_8";
    public const string ResNeXt = "resnext";
    public const string CnnImageNet = "cnn_7layer_bn_imagenet";
    public const string WideResNetImageNet64 = "wide_resnet_imagenet64";
    public const string ResNeXtImageNet64 = "ResNeXt_imagenet64";
    public const string CnnFourLayerBn = "cnn_4layer_bn";

    public static IReadOnlyList<ModelFacts> All { get; } =
    [
        new(Cnn, "CNN-7 with BN (the paper's CIFAR/MNIST CNN)", 1),
        new(WideResNet8, "wide ResNet, widen factor 8, dense head", 1),
        new(ResNeXt, "ResNeXt 2x32, one block per stage", 1),
        new(CnnImageNet, "CNN-7 with BN for 64x64 Tiny-ImageNet", 1),
        new(WideResNetImageNet64, "wide ResNet, widen factor 10, for 64x64 Tiny-ImageNet", 1),
        new(ResNeXtImageNet64, "ResNeXt 2x8, two blocks per stage, for 64x64 Tiny-ImageNet", 1),
        new(CnnFourLayerBn, "small 4-layer CNN with BN for CPU runs (ours)", 1),
    ];

    public static IEnumerable<string> Names => All.Select(m => m.Name);

    public static ModelFacts Get(string name) => All.First(m => m.Name == name);
}
