namespace Certsweep.Contracts;

/// <summary>Names the sweep's <c>model</c> axis accepts (spec section 6). The trainer's model zoo defines
/// them; a test keeps the two lists equal so specs are validated without loading the trainer.</summary>
public static class KnownModels
{
    public const string Cnn = "cnn";
    public const string WideResNet8 = "wide_resnet_8";
    public const string ResNeXt = "resnext";
    public const string CnnImageNet = "cnn_7layer_bn_imagenet";
    public const string WideResNetImageNet64 = "wide_resnet_imagenet64";
    public const string ResNeXtImageNet64 = "ResNeXt_imagenet64";
    public const string CnnFourLayerBn = "cnn_4layer_bn";

    public static IReadOnlyList<string> Names { get; } = new[]
    {
        Cnn, WideResNet8, ResNeXt, CnnImageNet, WideResNetImageNet64, ResNeXtImageNet64, CnnFourLayerBn,
    };
}
