using Certsweep.Hyperparameters;
using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Methods;

/// <summary><c>bound: crown-ibp</c> trains on <see cref="CrownIbpMix"/>'s margins while eps ramps up and on IBP's at
/// full eps (docs/method.md §8); <c>bound: ibp</c> always on IBP's.</summary>
public sealed class CrownIbpObjectiveTests
{
    private const double EpsMax = 0.2;

    [Fact]
    public void MidRampTheRobustLossIsThatOfTheCrownIbpMix()
    {
        using var scope = NewDisposeScope();
        var (network, images, labels) = Setup();
        var (loss, measurement) = Objective(network, "crown-ibp").Evaluate(images, labels, EpsMax / 2, regularize: false);
        var mixed = MarginBounds.RobustLoss(Mixed(network, images, labels, EpsMax / 2)).item<float>();
        var ibp = MarginBounds.RobustLoss(IbpMargins(network, images, labels, EpsMax / 2).Margins).item<float>();
        Close(mixed, loss.item<float>());
        Close(mixed, measurement.RobustLoss!.Value);
        Assert.True(Math.Abs(mixed - ibp) > 1e-3, $"the mix ({mixed}) should differ from IBP ({ibp}) at half eps");
        var (ibpLoss, _) = Objective(network, "ibp").Evaluate(images, labels, EpsMax / 2, regularize: false);
        Close(ibp, ibpLoss.item<float>());
    }

    [Fact]
    public void AtFullEpsTheRobustLossIsIbps()
    {
        using var scope = NewDisposeScope();
        var (network, images, labels) = Setup();
        var (loss, _) = Objective(network, "crown-ibp").Evaluate(images, labels, EpsMax, regularize: false);
        Close(MarginBounds.RobustLoss(IbpMargins(network, images, labels, EpsMax).Margins).item<float>(), loss.item<float>());
    }

    [Fact]
    public void TheLossOfTheMixHasGradientsThroughTheCrownPass()
    {
        using var scope = NewDisposeScope();
        var (network, images, labels) = Setup();
        network.train();
        var (loss, _) = Objective(network, "crown-ibp").Evaluate(images, labels, EpsMax / 2, regularize: false);
        loss.backward();
        var crownOnly = network.parameters().Select(p => p.grad!.clone()).ToList();
        network.zero_grad();
        Objective(network, "ibp").Evaluate(images, labels, EpsMax / 2, regularize: false).Loss.backward();
        Assert.Contains(network.parameters().Zip(crownOnly), pair => !pair.First.grad!.allclose(pair.Second));
    }

    [Fact]
    public void OptionsNameTheBoundThatCertifiesEachEps()
    {
        var crownIbp = Options("crown-ibp");
        Assert.Equal(BoundKind.CrownIbp, crownIbp.BoundAt(EpsMax / 2));
        Assert.Equal(BoundKind.Ibp, crownIbp.BoundAt(EpsMax));
        Assert.Equal(BoundKind.Ibp, Options("ibp").BoundAt(EpsMax / 2));
    }

    private static TrainingOptions Options(string bound) =>
        TrainerRuns.WithComponents(TrainerRuns.Options(), Parameters.Eps.Set(EpsMax), Parameters.Bound.Set(bound), Parameters.Regularizers.Set("none"));

    private static CertifiedObjective Objective(Network network, string bound) => new(network, RandomNetworks.Normalization, Options(bound));

    private static (Network Network, Tensor Images, Tensor Labels) Setup()
    {
        var network = RandomNetworks.Build("convolutional", seed: 71);
        network.eval();
        return (network, RandomNetworks.Images(8, seed: 72), RandomNetworks.Labels(8, seed: 73));
    }

    private static (Tensor Margins, PropagationContext Context, IntervalBounds Box) IbpMargins(Network network, Tensor images, Tensor labels, double eps)
    {
        var box = InputBox.Around(images, eps, RandomNetworks.Normalization);
        var context = new PropagationContext();
        return (network.Evaluate(images, box, labels, context).MarginLower!, context, box);
    }

    private static Tensor Mixed(Network network, Tensor images, Tensor labels, double eps)
    {
        var (margins, context, box) = IbpMargins(network, images, labels, eps);
        var crown = CrownMarginBounds.CrownIbpLower(network, box, labels, context);
        var weight = (EpsMax - eps) / EpsMax;
        return crown * weight + margins * (1 - weight);
    }

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Math.Max(1e-5, 1e-5 * Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
