using Certsweep.Hyperparameters;
using Certsweep.Training.Bounds;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using Certsweep.Training.Regularization;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests;

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
        Assert.Equal(measurement.NaturalLoss, loss.item<float>(), 5);
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
        Assert.Equal(terms.Tightness, measurement.TightnessLoss!.Value, 5);
        Assert.Equal(terms.ReluBalance, measurement.ReluLoss!.Value, 5);
        Assert.Equal(0.5 * (terms.Tightness + terms.ReluBalance), measurement.RegularizerLoss!.Value, 5);
        Assert.Equal(measurement.NaturalLoss + measurement.RegularizerLoss.Value, loss.item<float>(), 5);
    }

    [Fact]
    public void AboveEpsZeroTheLossIsTheRobustOnePlusTheDecayingRegularizer()
    {
        using var scope = NewDisposeScope();
        var (network, objective, images, labels) = Setup();
        var (loss, measurement) = objective.Evaluate(images, labels, 0.05, regularize: true);
        var terms = Terms(network, images, labels, 0.05);
        var weight = 0.5 * (1 - 0.05 / 0.2);
        Assert.Equal(weight * (terms.Tightness + terms.ReluBalance), measurement.RegularizerLoss!.Value, 5);
        Assert.Equal(measurement.RobustLoss!.Value + measurement.RegularizerLoss.Value, loss.item<float>(), 5);

        var (unregularized, plain) = objective.Evaluate(images, labels, 0.05, regularize: false);
        Assert.Equal(plain.RobustLoss!.Value, unregularized.item<float>(), 5);
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
}
