using Certsweep.Training.Initialization;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;

namespace Certsweep.Training.Tests.Models;

/// <summary>
/// IBP initialization halves the weights of every conv/linear layer whose input is a ReLU of a residual sum
/// (docs/method.md §4.1). The expected lists are those the reference's rule (in <c>ibp_init</c>: the layer's input
/// node has an Add as its input) selects in the reference models' graphs.
/// </summary>
public sealed class ResidualHalvingTests
{
    public static TheoryData<string, string[]> Expected() => new()
    {
        { CnnSevenLayerBn.Name, Array.Empty<string>() },
        { CnnSevenLayerBn.ImageNetName, Array.Empty<string>() },
        { CnnFourLayerBn.Name, Array.Empty<string>() },
        { WideResNet.Name, new[] { "layer2.0.conv1", "layer2.0.downsample.0", "layer3.0.conv1", "layer3.0.downsample.0" } },
        { WideResNet.ImageNet64Name, new[] { "layer2.0.conv1", "layer2.0.downsample.0", "layer3.0.conv1", "layer3.0.downsample.0" } },
        { ResNeXt.Name, new[] { "layer2.0.conv1", "layer2.0.shortcut.0", "layer3.0.conv1", "layer3.0.shortcut.0" } },
        {
            ResNeXt.ImageNet64Name,
            new[] { "layer1.1.conv1", "layer2.0.conv1", "layer2.0.shortcut.0", "layer2.1.conv1", "layer3.0.conv1", "layer3.0.shortcut.0", "layer3.1.conv1" }
        },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void HalvesExactlyTheLayersFedByAReluOfAResidualSum(string model, string[] expected)
    {
        using var network = ModelZoo.Create(model, new ImageShape(3, 16), 10);
        var names = network.named_modules().ToDictionary(m => (object)m.module, m => m.name, ReferenceEqualityComparer.Instance);

        var halved = IbpInitialization.LayersFedFromResidualSum(network).Select(layer => names[layer]).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), halved.Order(StringComparer.Ordinal));

        using var generator = new torch.Generator(7);
        IbpInitialization.Apply(network, generator);
        foreach (var (name, module) in network.named_modules())
        {
            if (module is not AffineLayer affine || ReferenceEquals(affine, network.Classifier))
            {
                continue;
            }

            var sigma = IbpInitialization.StandardDeviation(affine.FanIn) * (halved.Contains(name) ? 0.5 : 1.0);
            var std = affine.Weight.std().item<float>();
            Assert.True(Math.Abs(std / sigma - 1) < 0.12, $"{model}: {name} has weight std {std}, expected {sigma}.");
        }
    }
}
