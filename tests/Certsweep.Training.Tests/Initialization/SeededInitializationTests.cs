using Certsweep.Training.Initialization;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Initialization;

/// <summary>Initialization draws only from the trial's generator (TorchSharp's nn.init ignores one): the same
/// seed gives the same weights in any process, another seed other weights.</summary>
public sealed class SeededInitializationTests
{
    [Fact]
    public void SameSeedSameWeightsOtherSeedOtherWeights()
    {
        using var first = Initialized(5);
        using var again = Initialized(5);
        using var other = Initialized(6);
        var expected = first.state_dict();

        Assert.All(again.state_dict(), e => Assert.True(e.Value.eq(expected[e.Key]).all().item<bool>(), $"{e.Key} differs for the same seed"));
        Assert.False(other.state_dict()["layer2.0.conv1.weight"].eq(expected["layer2.0.conv1.weight"]).all().item<bool>());
    }

    private static Network Initialized(ulong seed)
    {
        var network = ModelZoo.Create(ResNeXt.Name, new ImageShape(3, 8), 10);
        using var generator = new Generator(seed);
        DefaultInitialization.Apply(network, generator);
        IbpInitialization.Apply(network, generator);
        return network;
    }
}
