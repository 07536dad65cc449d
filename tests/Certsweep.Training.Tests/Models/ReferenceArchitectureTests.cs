using System.Globalization;
using Certsweep.Training.Models;

namespace Certsweep.Training.Tests.Models;

/// <summary>
/// Every reference model is shaped exactly like the reference's: same state-dictionary keys, same shapes,
/// same parameter and buffer counts. The counts were computed from the reference definitions with PyTorch
/// (sum of numel over parameters() and buffers()), not from our code.
/// </summary>
public sealed class ReferenceArchitectureTests
{
    private static readonly ImageShape Cifar = new(3, 32);
    private static readonly ImageShape Mnist = new(1, 28);
    private static readonly ImageShape TinyImageNet = new(3, 64);

    [Theory]
    [MemberData(nameof(ReferenceStateDicts.Models), MemberType = typeof(ReferenceStateDicts))]
    public void StateDictionaryMatchesTheReferenceKeyForKey(string model, string reference, int classes)
    {
        var input = classes == 200 ? TinyImageNet : Cifar;
        using var network = ModelZoo.Create(model, input, classes);
        var expected = Parse(reference);
        var actual = network.state_dict().ToDictionary(e => e.Key, e => Shape(e.Value.shape));

        Assert.Equal(expected.Select(e => e.Key).Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, shape) in expected)
        {
            Assert.True(shape == actual[key], $"{model}: {key} has shape {actual[key]}, the reference {shape}.");
        }
    }

    [Theory]
    [InlineData("cnn", 3, 32, 10, 17_192_650L, 2_054L)]
    [InlineData("cnn", 1, 28, 10, 13_259_338L, 2_054L)]
    [InlineData("wide_resnet_8", 3, 32, 10, 21_547_882L, 6_443L)]
    [InlineData("wide_resnet_8", 1, 28, 10, 17_615_434L, 6_443L)]
    [InlineData("resnext", 3, 32, 10, 17_611_018L, 6_542L)]
    [InlineData("resnext", 1, 28, 10, 13_677_706L, 6_542L)]
    [InlineData("cnn_7layer_bn_imagenet", 3, 64, 200, 17_290_120L, 2_054L)]
    [InlineData("wide_resnet_imagenet64", 3, 64, 200, 91_424_776L, 7_787L)]
    [InlineData("ResNeXt_imagenet64", 3, 64, 200, 16_981_960L, 3_319L)]
    public void ParameterAndBufferCountsEqualTheReference(string model, int channels, int size, int classes, long parameters, long bufferElements)
    {
        using var network = ModelZoo.Create(model, new ImageShape(channels, size), classes);
        Assert.Equal(parameters, network.ParameterCount());
        Assert.Equal(bufferElements, network.buffers().Sum(b => b.numel()));
    }

    [Fact]
    public void MnistShapedModelsKeepTheReferenceKeys()
    {
        using var network = ModelZoo.Create(WideResNet.Name, Mnist, 10);
        var keys = network.state_dict().Keys.Order(StringComparer.Ordinal);
        Assert.Equal(Parse(ReferenceStateDicts.WideResNet8).Select(e => e.Key).Order(StringComparer.Ordinal), keys);
        Assert.Equal("[512, 25088]", Shape(network.state_dict()["dense.weight"].shape));
    }

    private static List<(string Key, string Shape)> Parse(string reference) =>
        reference.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Select(parts => (parts[0], parts[1]))
            .ToList();

    private static string Shape(long[] shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
