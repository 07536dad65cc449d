namespace Certsweep.Hyperparameters.Catalog;

/// <summary>The data sets a trial can name (the <c>dataset</c> parameter's choices).</summary>
public static class KnownDatasets
{
    public const string Mnist = "mnist";
    public const string FashionMnist = "fashion-mnist";
    public const string Cifar10 = "cifar10";
    public const string TinyImageNet = "tiny-imagenet";
    public const string Synthetic = "synthetic";

    public static IReadOnlyList<DatasetFacts> All { get; } =
    [
        new(Mnist, "MNIST digits (IDX files)", 1, 28, 10, 60_000, 10_000),
        new(FashionMnist, "Fashion-MNIST (IDX files; Debian's dataset-fashion-mnist)", 1, 28, 10, 60_000, 10_000),
        new(Cifar10, "CIFAR-10 (binary version)", 3, 32, 10, 50_000, 10_000),
        new(TinyImageNet, "Tiny-ImageNet, 200 classes of 64x64 images (the validation set is the test set)", 3, 64, 200, 100_000, 10_000),
        new(Synthetic, "generated 10-class 16x16 patterns (tests)", 1, 16, 10, 2_048, 512),
    ];

    public static IEnumerable<string> Names => All.Select(d => d.Name);

    public static DatasetFacts Get(string name) => All.First(d => d.Name == name);
}
