using Certsweep.Hyperparameters;
using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using Certsweep.Training.Regularization;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Loop;

/// <summary>Which loss a batch trains on (docs/method.md §2 and §4).</summary>
public sealed class ObjectiveTests
{
    private static readonly TrainingOptions Options = TrainerRuns.Options().With(Parameters.Eps.Set(0.2), Parameters.Lambda.Set(0.5), Parameters.Tolerance.Set(0.5));

    [Fact]
    public void AtEpsZeroWithoutRegularizersTheLossIsTheNaturalOneAndNoBoundsAreComputed()
    {
        using var scope = NewDisposeScope();
        var (_, objective, images, labels) = Setup();
        var (loss, measurement) = objective.Evaluate(images, labels, 0, regularize: false);
        Close(measurement.NaturalLoss, loss.item<float>());
        Assert.Null(measurement.RobustLoss);
        Assert.Null(measurement.Unverified);
        Assert.Null(measurement.RegularizerLoss);
    }

    [Fact]
    public void AtEpsZeroWithRegularizersTheBoundsUseATinyEpsAndTheWeightIsLambda()
    {
        using var scope = NewDisposeScope();
        var (network, objective, images, labels) = Setup();
        var (loss, measurement) = objective.Evaluate(images, labels, 0, regularize: true);
        Assert.NotNull(measurement.RobustLoss);
        var terms = Terms(network, images, labels, TrainingOptions.MinRegularizerEps);
        Close(terms.Tightness, measurement.TightnessLoss!.Value);
        Close(terms.ReluBalance, measurement.ReluLoss!.Value);
        Close(0.5 * (terms.Tightness + terms.ReluBalance), measurement.RegularizerLoss!.Value);
        Close(measurement.NaturalLoss + measurement.RegularizerLoss.Value, loss.item<float>());
    }

    [Fact]
    public void AboveEpsZeroTheLossIsTheRobustOnePlusTheDecayingRegularizer()
    {
        using var scope = NewDisposeScope();
        var (network, objective, images, labels) = Setup();
        var (loss, measurement) = objective.Evaluate(images, labels, 0.05, regularize: true);
        var terms = Terms(network, images, labels, 0.05);
        var weight = 0.5 * (1 - 0.05 / 0.2);
        Close(weight * (terms.Tightness + terms.ReluBalance), measurement.RegularizerLoss!.Value);
        Close(measurement.RobustLoss!.Value + measurement.RegularizerLoss.Value, loss.item<float>());

        var (unregularized, plain) = objective.Evaluate(images, labels, 0.05, regularize: false);
        Close(plain.RobustLoss!.Value, unregularized.item<float>());
        Assert.Null(plain.RegularizerLoss);
    }

    private static (Network Network, CertifiedObjective Objective, Tensor Images, Tensor Labels) Setup()
    {
        var network = RandomNetworks.Build("convolutional", seed: 51);
        network.eval();
        return (network, new CertifiedObjective(network, RandomNetworks.Normalization, Options), RandomNetworks.Images(8, seed: 52), RandomNetworks.Labels(8, seed: 53));
    }

    private static (double Tightness, double ReluBalance) Terms(Network network, Tensor images, Tensor labels, double eps)
    {
        var box = InputBox.Around(images, eps, RandomNetworks.Normalization);
        var context = new PropagationContext();
        network.Evaluate(images, box, labels, context);
        var terms = WarmupRegularizer.Compute(box, context.ReluInputs, Options.Get(Parameters.Tolerance));
        return (terms.Tightness.item<float>(), terms.ReluBalance.item<float>());
    }

    /// <summary>Equal up to float32 rounding of values that may be in the hundreds: 1e-6 relative, at least 1e-5.</summary>
    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Math.Max(1e-5, 1e-6 * Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
