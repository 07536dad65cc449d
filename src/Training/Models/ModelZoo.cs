namespace Certsweep.Training.Models;

/// <summary>
/// The sweep's <c>model</c> axis: every architecture a trial can name. The reference's models keep its names
/// and its state-dictionary layout (docs/models.md tells which reference function each one is).
/// </summary>
public static class ModelZoo
{
    private static readonly IReadOnlyDictionary<string, ModelDefinition> Definitions = new[]
    {
        new ModelDefinition(CnnSevenLayerBn.Name, "CNN-7 with BN", CnnSevenLayerBn.Build, new ReferenceModel("cnn", 10)),
        new ModelDefinition(WideResNet.Name, "wide ResNet, widen factor 8, dense head", WideResNet.Build, new ReferenceModel("wide_resnet_8", 10)),
        new ModelDefinition(ResNeXt.Name, "ResNeXt 2x32, one block per stage", ResNeXt.Build, new ReferenceModel("resnext", 10)),
        new ModelDefinition(CnnSevenLayerBn.ImageNetName, "CNN-7 with BN for 64x64 Tiny-ImageNet", CnnSevenLayerBn.BuildImageNet, new ReferenceModel("cnn_7layer_bn_imagenet", 200, new ImageShape(3, 64))),
        new ModelDefinition(WideResNet.ImageNet64Name, "wide ResNet, widen factor 10, for 64x64 Tiny-ImageNet", WideResNet.BuildImageNet64, new ReferenceModel("wide_resnet_bn_imagenet64", 200)),
        new ModelDefinition(ResNeXt.ImageNet64Name, "ResNeXt 2x8, two blocks per stage, for 64x64 Tiny-ImageNet", ResNeXt.BuildImageNet64, new ReferenceModel("ResNeXt_bn_imagenet64", 200)),
        new ModelDefinition(CnnFourLayerBn.Name, "small 4-layer CNN with BN for CPU runs (ours)", CnnFourLayerBn.Build),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static IEnumerable<ModelDefinition> All => Definitions.Values;

    public static IEnumerable<string> Names => Definitions.Keys;

    public static bool Contains(string name) => Definitions.ContainsKey(name);

    public static ModelDefinition Describe(string name) =>
        Definitions.TryGetValue(name, out var definition)
            ? definition
            : throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", Names)}.");

    public static Network Create(string name, ImageShape input, int classes) => Describe(name).Build(input, classes);
}
