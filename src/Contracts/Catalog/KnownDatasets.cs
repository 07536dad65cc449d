namespace Certsweep.Contracts;

/// <summary>Names the sweep's <c>dataset</c> setting accepts; a test keeps this equal to the trainer's catalog.</summary>
public static class KnownDatasets
{
    public const string Mnist = "mnist";
    public const string FashionMnist = "fashion-mnist";
    public const string Cifar10 = "cifar10";
    public const string TinyImageNet = "tiny-imagenet";
    public const string Synthetic = "synthetic";

    public static IReadOnlyList<string> Names { get; } = new[] { Mnist, FashionMnist, Cifar10, TinyImageNet, Synthetic };
}
