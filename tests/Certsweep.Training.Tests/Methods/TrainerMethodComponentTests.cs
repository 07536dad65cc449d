using Certsweep.Hyperparameters;
using Certsweep.Training.Bounds;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Methods;

/// <summary>What the trainer does with <c>bn</c>, <c>bound</c> and <c>final_certify</c> (docs/method.md §7 and §8), on
/// one-epoch and two-epoch trials of the small CNN on the synthetic set.</summary>
public sealed class TrainerMethodComponentTests
{
    [Fact]
    public void EveryBatchNormLayerTrainsWithTheTrialsVariantAndTheCheckpointKeepsIt()
    {
        using var data = SyntheticDataset.Create(trainCount: 96, testCount: 16);
        var outputs = new Dictionary<string, float[]>();
        foreach (var name in new[] { "full", "mean", "none-wo-affine" })
        {
            using var scope = NewDisposeScope();
            var directory = TrainerRuns.TemporaryDirectory();
            var options = TrainerRuns.WithComponents(TrainerRuns.Options(epochs: 1), Parameters.BatchNorm.Set(name));
            using var trainer = new IbpTrainer(options, data, CPU, directory);
            trainer.Run();
            var norms = trainer.Network.modules().OfType<BatchNormLayer>().ToList();
            Assert.NotEmpty(norms);
            Assert.All(norms, norm => Assert.Equal(BatchNormVariant.Parse(name), norm.Variant));
            Assert.All(norms, norm => Assert.True(norm.RunningMean.abs().sum().item<float>() > 0, $"{name}: running mean not updated"));

            var images = data.Test.Batch(0, 16, CPU).Images;
            outputs[name] = Logits(trainer.Network, images);
            using var saved = SavedNetwork.Load(trainer.LastCheckpointPath, null, null, CPU);
            Assert.Equal(BatchNormVariant.Parse(name), saved.BatchNorm);
            Assert.Equal(outputs[name], Logits(saved.Network, images));
        }

        Assert.NotEqual(outputs["full"], outputs["mean"]);
        Assert.NotEqual(outputs["full"], outputs["none-wo-affine"]);
        Assert.NotEqual(outputs["mean"], outputs["none-wo-affine"]);
    }

    [Fact]
    public void EpochReportsNameTheBoundThatCertifiedThem()
    {
        using var data = SyntheticDataset.Create(trainCount: 64, testCount: 16);
        var options = TrainerRuns.WithComponents(
            TrainerRuns.Options(epochs: 2), Parameters.Warmup.Set(1), Parameters.Bound.Set("crown-ibp"), Parameters.BatchNorm.Set("mean"),
            Parameters.Init.Set("standard"), Parameters.Regularizers.Set("none"));
        using var trainer = new IbpTrainer(options, data, CPU, TrainerRuns.TemporaryDirectory());
        var outcome = trainer.Run();
        var reports = TrainingCheckpoint.ReadState(trainer.LastCheckpointPath).CompletedReports().ToList();
        Assert.Equal([BoundKind.CrownIbp, BoundKind.Ibp], reports.Select(r => r.Bound));
        Assert.True(reports[0].Eps < reports[0].EpsMax && reports[1].Eps == reports[1].EpsMax);
        Assert.Equal(TrainingOutcomeKind.Completed, outcome.Kind);
    }

    [Fact]
    public void FinalCrownCertificationOfTheBestCheckpointIsNeverLooserThanIbp()
    {
        using var data = SyntheticDataset.Create(trainCount: 96, testCount: 24);
        var options = TrainerRuns.Options(epochs: 2).With(Parameters.Warmup.Set(1), Parameters.FinalCertify.Set("crown"));
        using var trainer = new IbpTrainer(options, data, CPU, TrainerRuns.TemporaryDirectory());
        var outcome = trainer.Run();
        var certificate = trainer.CertifyBest();
        Assert.NotNull(certificate);
        Assert.Equal(outcome.Best!.Epoch, certificate.Epoch);
        Assert.Equal(24, certificate.Samples);
        Assert.Equal(options.Get(Parameters.Eps), certificate.Eps);
        Assert.Equal(outcome.Best.VerifiedError, certificate.IbpVerifiedError, 1e-9);
        Assert.True(certificate.CrownVerifiedError <= certificate.IbpVerifiedError, $"CROWN {certificate.CrownVerifiedError} > IBP {certificate.IbpVerifiedError}");
        Assert.True(certificate.CrownVerifiedError >= certificate.CleanError);

        using var ibpOnly = new IbpTrainer(options.With(Parameters.FinalCertify.Set("ibp")), data, CPU, TrainerRuns.TemporaryDirectory());
        ibpOnly.Run();
        Assert.Null(ibpOnly.CertifyBest());
    }

    private static float[] Logits(Network network, Tensor images)
    {
        network.eval();
        using var noGrad = no_grad();
        return network.Evaluate(images, null, null, new PropagationContext()).Logits!.data<float>().ToArray();
    }
}
