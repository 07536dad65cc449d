using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Crown;

/// <summary>The CROWN-IBP training combination: <c>f lb_CROWN-IBP + (1 - f) lb_IBP</c>, f = (eps_max - eps) / eps_max,
/// IBP alone below f = 1e-5.</summary>
public sealed class CrownIbpMixTests
{
    [Fact]
    public void MixesByTheRemainingShareOfEpsAndFallsBackToIbpNearTheEnd()
    {
        using var scope = NewDisposeScope();
        using var network = RandomNetworks.Build("convolutional", seed: 81);
        network.train();
        var images = RandomNetworks.Images(4, seed: 82);
        var labels = RandomNetworks.Labels(4, seed: 83);
        var box = InputBox.Around(images, 0.05, RandomNetworks.Normalization);
        var context = new PropagationContext();
        var ibp = network.Evaluate(images, box, labels, context).MarginLower!;
        var crown = CrownMarginBounds.CrownIbpLower(network, box, labels, context);
        Assert.True((crown - ibp).abs().max().ToDouble() > 1e-3, "CROWN-IBP and IBP agree; the mix is not exercised");

        Assert.Equal(0.75, CrownIbpMix.CrownWeight(0.05, 0.2), 12);
        var mixed = CrownIbpMix.Lower(network, box, labels, context, ibp, eps: 0.05, epsMax: 0.2);
        Assert.True((mixed - (0.75 * crown + 0.25 * ibp)).abs().max().ToDouble() <= 1e-5);

        var atTheEnd = CrownIbpMix.Lower(network, box, labels, context, ibp, eps: 0.2 * (1 - 1e-6), epsMax: 0.2);
        Assert.Same(ibp, atTheEnd);
    }
}
