using Certsweep.Hyperparameters;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Loop;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Checkpoints;

/// <summary>
/// Resuming continues exactly (issue 2): on CPU with a fixed seed, two epochs straight and one epoch, a new
/// trainer resuming from the checkpoint, and one more epoch give identical weights; so does a trial
/// suspended in the middle of an epoch.
/// </summary>
public sealed class ResumeTests : IDisposable
{
    private readonly string _root = TrainerRuns.TemporaryDirectory();

    [Fact]
    public void OneEpochThenAResumedTrainerEqualsTwoEpochsStraight()
    {
        using var data = TrainerRuns.Data();
        var options = TrainerRuns.Options();
        var (straight, straightReports) = Straight(options, data);

        var directory = Path.Combine(_root, "resumed");
        using (var cancel = new CancellationTokenSource())
        {
            var probe = new TrainerRuns.Probe { Epoch = report => cancel.Cancel() };
            using var first = new IbpTrainer(options, data, CPU, directory, probe);
            var outcome = first.Run(cancel.Token);
            Assert.Equal(TrainingOutcomeKind.Cancelled, outcome.Kind);
            Assert.Equal(1, outcome.CompletedEpochs);
        }

        var resumedProbe = new TrainerRuns.Probe();
        using var second = new IbpTrainer(options, data, CPU, directory, resumedProbe);
        Assert.Equal(1, second.ResumedFromEpoch);
        Assert.Equal(TrainingOutcomeKind.Completed, second.Run().Kind);
        TrainerRuns.AssertIdentical(straight, TrainerRuns.State(second.Network));
        Assert.Equal(straightReports[^1].Test, resumedProbe.Reports.Single().Test);
        Assert.Equal(straightReports[^1].Train, resumedProbe.Reports.Single().Train);
    }

    [Fact]
    public void ASuspendedTrialResumesInTheMiddleOfAnEpoch()
    {
        using var data = TrainerRuns.Data();
        var options = TrainerRuns.Options();
        var (straight, straightReports) = Straight(options, data);

        var directory = Path.Combine(_root, "suspended");
        using (var suspend = new CancellationTokenSource())
        {
            var probe = new TrainerRuns.Probe { Batch = progress => { if (progress is { Epoch: 2, Batch: 2 }) suspend.Cancel(); } };
            using var first = new IbpTrainer(options, data, CPU, directory, probe);
            var outcome = first.Run(suspend: suspend.Token);
            Assert.Equal(TrainingOutcomeKind.Suspended, outcome.Kind);
            var state = TrainingCheckpoint.ReadState(first.LastCheckpointPath);
            Assert.Equal((1, 2), (state.CompletedEpochs, state.BatchInEpoch));
        }

        var resumedProbe = new TrainerRuns.Probe();
        using var second = new IbpTrainer(options, data, CPU, directory, resumedProbe);
        Assert.Equal(TrainingOutcomeKind.Completed, second.Run().Kind);
        TrainerRuns.AssertIdentical(straight, TrainerRuns.State(second.Network));
        var resumed = resumedProbe.Reports.Single();
        Assert.Equal(straightReports[^1].Test, resumed.Test);
        Assert.Equal(straightReports[^1].Train.Samples, resumed.Train.Samples);
        Assert.Equal(straightReports[^1].Train.Loss, resumed.Train.Loss, 12);
    }

    [Fact]
    public void ACheckpointOfAnotherTrialIsRefused()
    {
        using var data = TrainerRuns.Data();
        var options = TrainerRuns.Options(epochs: 1);
        var directory = Path.Combine(_root, "other");
        using (var trainer = new IbpTrainer(options, data, CPU, directory))
        {
            trainer.Run();
        }

        var error = Assert.Throws<CheckpointException>(() => new IbpTrainer(options.With(Parameters.Seed.Set(6)), data, CPU, directory));
        Assert.Contains(Path.Combine(directory, IbpTrainer.LastCheckpointName), error.Message);
        Assert.Contains("seed 5 -> 6", error.Message);

        // A run's hyperparameters are part of the trial: 'train' again with another eps or lambda in the same
        // directory must not carry on the earlier run under the new name.
        error = Assert.Throws<CheckpointException>(() => new IbpTrainer(options.With(Parameters.Eps.Set(0.1), Parameters.Lambda.Set(0.2), Parameters.LrDecayFactor.Set(0.5)), data, CPU, directory));
        Assert.Contains("eps 0.05 -> 0.1, lambda 0.5 -> 0.2, lr_decay_factor 0.2 -> 0.5", error.Message);
    }

    [Fact]
    public void TheCheckpointKeepsEveryCompletedEpochsReportThroughASuspension()
    {
        using var data = TrainerRuns.Data();
        var options = TrainerRuns.Options(epochs: 3);
        var directory = Path.Combine(_root, "history");
        var probe = new TrainerRuns.Probe();
        using (var suspend = new CancellationTokenSource())
        {
            var suspending = new TrainerRuns.Probe { Batch = progress => { if (progress is { Epoch: 3, Batch: 1 }) suspend.Cancel(); }, Epoch = probe.OnEpoch };
            using var first = new IbpTrainer(options, data, CPU, directory, suspending);
            Assert.Equal(TrainingOutcomeKind.Suspended, first.Run(suspend: suspend.Token).Kind);
        }

        var suspended = TrainingCheckpoint.ReadState(Path.Combine(directory, IbpTrainer.LastCheckpointName));
        Assert.Equal(2, suspended.CompletedEpochs);
        Assert.Equal(new[] { 1, 2 }, suspended.Reports.Select(r => r.Epoch));
        Assert.Equal(probe.Reports, suspended.Reports);

        using (var resumed = new IbpTrainer(options, data, CPU, directory, probe))
        {
            resumed.Run();
        }

        var done = TrainingCheckpoint.ReadState(Path.Combine(directory, IbpTrainer.LastCheckpointName));
        Assert.Equal(new[] { 1, 2, 3 }, done.Reports.Select(r => r.Epoch));
        Assert.Equal(probe.Reports, done.Reports);
        Assert.Equal(done.LastReport, done.Reports[^1]);
    }

    [Fact]
    public void AFinishedRunTrainsOnWhenItIsGivenMoreEpochs()
    {
        using var data = TrainerRuns.Data();
        var options = TrainerRuns.Options(epochs: 1);
        var directory = Path.Combine(_root, "longer");
        using (var trainer = new IbpTrainer(options, data, CPU, directory))
        {
            trainer.Run();
        }

        var probe = new TrainerRuns.Probe();
        using var longer = new IbpTrainer(options.With(Parameters.Epochs.Set(2)), data, CPU, directory, probe);
        Assert.Equal(1, longer.ResumedFromEpoch);
        Assert.Equal(TrainingOutcomeKind.Completed, longer.Run().Kind);
        Assert.Equal(new[] { 2 }, probe.Reports.Select(r => r.Epoch));
    }

    private (Dictionary<string, Tensor> State, List<EpochReport> Reports) Straight(TrainingOptions options, Certsweep.Training.Data.DataSplit data)
    {
        var probe = new TrainerRuns.Probe();
        using var trainer = new IbpTrainer(options, data, CPU, Path.Combine(_root, "straight"), probe);
        Assert.Equal(TrainingOutcomeKind.Completed, trainer.Run().Kind);
        return (TrainerRuns.State(trainer.Network), probe.Reports);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
