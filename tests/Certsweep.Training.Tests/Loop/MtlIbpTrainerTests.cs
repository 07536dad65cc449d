using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Values;
using Certsweep.Training.Attacks;
using Certsweep.Training.Bounds;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Layers;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Loop;

/// <summary>
/// The trainer with loss mtl-ibp and with the pgd group (docs/method.md §9): alpha 1 is IBP training to the bit, a
/// smaller alpha trains something else; the PGD error appears at its cadence, between the clean and the verified error,
/// never on an example IBP verifies; a trial suspended in the middle of an epoch resumes exactly, attack and all.
/// </summary>
public sealed class MtlIbpTrainerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = TrainerRuns.TemporaryDirectory();

    /// <summary>The trial of <see cref="TrainerRuns.Options"/> with another method and extra settings.</summary>
    private static TrainingOptions Options(string method, int epochs, params KeyValuePair<Certsweep.Hyperparameters.Declarations.Parameter, ParameterValue>[] extra) => new()
    {
        Trial = TrialConfig.Of(
        [
            Parameters.Dataset.Set(SyntheticDataset.Name),
            Parameters.Model.Set(CnnFourLayerBn.Name),
            Parameters.Method.Set(method),
            Parameters.Eps.Set(0.05),
            Parameters.ScheduleStart.Set(1),
            Parameters.Warmup.Set(epochs),
            Parameters.Epochs.Set(epochs),
            Parameters.LrMilestones.Set([1]),
            Parameters.BatchSize.Set(32),
            Parameters.GradientAccumulation.Set(2),
            Parameters.Seed.Set(5),
            .. extra,
        ]),
    };

    private (Dictionary<string, Tensor> State, List<EpochReport> Reports) Train(TrainingOptions options, DataSplit data, string name)
    {
        var probe = new TrainerRuns.Probe();
        using var trainer = new IbpTrainer(options, data, CPU, Path.Combine(_root, name), probe);
        Assert.Equal(TrainingOutcomeKind.Completed, trainer.Run().Kind);
        return (TrainerRuns.State(trainer.Network), probe.Reports);
    }

    [Fact]
    public void MtlIbpWithAlphaOneTrainsExactlyTheIbpTrajectoryAndASmallerAlphaDoesNot()
    {
        using var data = TrainerRuns.Data();
        var fast = Options("fast", 2);
        var alphaOne = Options("mtl-ibp", 2, Parameters.Alpha.Set(1));
        Assert.Equal("mtl-ibp", alphaOne.Get(Parameters.Loss));
        Assert.NotNull(alphaOne.TrainingAttack);

        var (ibpState, ibpReports) = Train(fast, data, "ibp");
        var (mtlState, mtlReports) = Train(alphaOne, data, "mtl-alpha-1");
        TrainerRuns.AssertIdentical(ibpState, mtlState);
        Assert.Equal(ibpReports.Select(r => (r.Train, r.Test)), mtlReports.Select(r => (r.Train, r.Test)));

        var (mixedState, mixedReports) = Train(Options("mtl-ibp", 2, Parameters.Alpha.Set(0.5)), data, "mtl-alpha-0.5");
        Assert.Contains(mixedState, p => !p.Value.eq(ibpState[p.Key]).all().item<bool>());
        Assert.NotEqual(ibpReports[^1].Train.Loss, mixedReports[^1].Train.Loss);
        Assert.All(mixedReports, r => Assert.Null(r.PgdError));
    }

    [Fact]
    public void PgdErrorAppearsAtItsCadenceBetweenCleanAndVerifiedErrorAndNeverOnAVerifiedExample()
    {
        using var data = TrainerRuns.Data();
        var options = Options("fast", 5, Parameters.PgdEvery.Set(2), Parameters.PgdSteps.Set(10), Parameters.PgdRestarts.Set(2));
        var probe = new TrainerRuns.Probe();
        using var trainer = new IbpTrainer(options, data, CPU, Path.Combine(_root, "pgd"), probe);
        trainer.Run();

        // Every second epoch and the last.
        Assert.Equal(new[] { 2, 4, 5 }, probe.Reports.Where(r => r.PgdError is not null).Select(r => r.Epoch));
        foreach (var r in probe.Reports.Where(r => r.PgdError is not null))
        {
            output.WriteLine($"epoch {r.Epoch} eps {r.Eps:F4}: clean {r.Test.CleanError:P2}, PGD {r.PgdError:P2}, verified {r.Test.VerifiedError:P2}");
            Assert.InRange(r.PgdError!.Value, r.Test.CleanError, r.Test.VerifiedError!.Value);
        }

        // On this tiny synthetic task IBP verifies nothing yet and PGD finds no more than the clean error; the ordering with
        // all three figures distinct on a network that verifies examples is Attacks/PgdErrorTests' (Fashion-MNIST).
        var last = probe.Reports[^1];
        // The attack's random starts come from the seed and the epoch: measuring again gives the same figure.
        Assert.Equal(last.PgdError, trainer.PgdErrorOf(last.Eps, last.Epoch));

        // Per example on the trained network: the attack never breaks what IBP verifies.
        trainer.Network.eval();
        using var scope = NewDisposeScope();
        using var test = data.Test.Batch(0, data.Test.Count, CPU);
        var box = InputBox.Around(test.Images, last.Eps, data.Test.Normalization);
        Tensor verified;
        using (no_grad())
        {
            var bounded = trainer.Network.Evaluate(test.Images, box, test.Labels, new PropagationContext());
            verified = MarginBounds.Verified(bounded.MarginLower!).logical_and(bounded.Logits!.argmax(1).eq(test.Labels));
        }

        using var generator = new Generator(11);
        var attacked = PgdError.Attacked(trainer.Network, test.Images, test.Labels, box, new PgdAttack(options.PgdEvaluation!), generator);
        Assert.False(verified.logical_and(attacked).any().item<bool>(), "an example IBP verifies was attacked successfully");
    }

    [Fact]
    public void AnMtlIbpTrialWithPgdSuspendedMidEpochResumesExactly()
    {
        using var data = TrainerRuns.Data();
        var options = Options("mtl-ibp", 2, Parameters.Alpha.Set(0.3), Parameters.PgdEvery.Set(1));
        var (straight, straightReports) = Train(options, data, "straight");

        var directory = Path.Combine(_root, "suspended");
        using (var suspend = new CancellationTokenSource())
        {
            var probe = new TrainerRuns.Probe { Batch = progress => { if (progress is { Epoch: 2, Batch: 2 }) suspend.Cancel(); } };
            using var first = new IbpTrainer(options, data, CPU, directory, probe);
            Assert.Equal(TrainingOutcomeKind.Suspended, first.Run(suspend: suspend.Token).Kind);
            var state = TrainingCheckpoint.ReadState(first.LastCheckpointPath);
            Assert.Equal(straightReports[0].PgdError, state.Reports.Single().PgdError);
            Assert.NotNull(state.Reports.Single().PgdError);
        }

        var resumedProbe = new TrainerRuns.Probe();
        using var second = new IbpTrainer(options, data, CPU, directory, resumedProbe);
        Assert.Equal(TrainingOutcomeKind.Completed, second.Run().Kind);
        TrainerRuns.AssertIdentical(straight, TrainerRuns.State(second.Network));
        Assert.Equal(straightReports[^1].Test, resumedProbe.Reports.Single().Test);
        Assert.Equal(straightReports[^1].PgdError, resumedProbe.Reports.Single().PgdError);
        Assert.Equal(straightReports.Select(r => r.PgdError), TrainingCheckpoint.ReadState(second.LastCheckpointPath).Reports.Select(r => r.PgdError));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
