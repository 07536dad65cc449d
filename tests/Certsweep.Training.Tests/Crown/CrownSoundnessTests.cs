using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>
/// Soundness of CROWN-IBP and full CROWN (docs/method.md, "CROWN and CROWN-IBP"): the margins of 1,000 points
/// drawn from each image's box (half random corners, half interior) are never below the margin lower bounds.
/// BatchNorm in training mode (the clean batch's statistics, replayed for the points) and eval mode.
/// </summary>
public sealed class CrownSoundnessTests
{
    private const int Points = 1000;

    public static TheoryData<string, bool> SmallNetworkCases()
    {
        var cases = new TheoryData<string, bool>();
        foreach (var name in RandomNetworks.Names)
        {
            cases.Add(name, false);
            cases.Add(name, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(SmallNetworkCases))]
    public void SmallNetworksOfEveryLayerKind(string name, bool trainingMode)
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build(name, seed: 51);
        var images = RandomNetworks.Images(3, seed: 52);
        var labels = RandomNetworks.Labels(3, seed: 53);
        var box = InputBox.Around(images, eps: 0.05, RandomNetworks.Normalization);
        CheckBoth(network, trainingMode, images, box, labels, seed: 54, $"{name} ({(trainingMode ? "train" : "eval")})");
    }

    internal static (Tensor Ibp, Tensor CrownIbp, Tensor Crown) CheckBoth(Network network, bool trainingMode, Tensor images, IntervalBounds box, Tensor labels, long seed, string what)
    {
        network.train(trainingMode);
        using var noGrad = no_grad();
        var statistics = new BatchStatistics();
        var context = new PropagationContext { Statistics = statistics };
        var ibp = network.Evaluate(images, box, labels, context).MarginLower!;
        var crownIbp = CrownMarginBounds.CrownIbpLower(network, box, labels, context);
        var crown = CrownMarginBounds.CrownLower(network, box, labels, context);
        using var generator = new Generator((ulong)seed);
        var margins = MarginSampling.Margins(network, MarginSampling.Points(box, Points, generator), labels, statistics);
        MarginSampling.AssertAbove(margins, ibp, what + ", IBP");
        MarginSampling.AssertAbove(margins, crownIbp, what + ", CROWN-IBP");
        MarginSampling.AssertAbove(margins, crown, what + ", CROWN");
        return (ibp, crownIbp, crown);
    }
}
