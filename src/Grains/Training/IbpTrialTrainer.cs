using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;
using Certsweep.Training;
using Certsweep.Training.Checkpoints;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using TorchSharp;

namespace Certsweep.Grains.Training;

/// <summary>
/// The production trainer: the TorchSharp <see cref="IbpTrainer"/> on the slot's device. Everything it
/// allocates (data set, model, optimizer) is disposed before it returns, so the slot's device memory is free
/// when the slot is; then the freed host memory goes back to the kernel (<see cref="CpuTensorHeap.ReturnFreedMemory"/>):
/// the trainer keeps freed memory in malloc's heaps, and each attempt's thread fills an arena of its own, so
/// without it a silo's resident memory climbs with every attempt (docs/architecture.md, "Native memory").
/// </summary>
public sealed class IbpTrialTrainer : ITrialTrainer
{
    public TrialTrainingOutcome Run(TrialTrainingRequest request, ITrialProgress progress, CancellationToken cancel, CancellationToken suspend)
    {
        try
        {
            return Train(request, progress, cancel, suspend);
        }
        finally
        {
            CpuTensorHeap.ReturnFreedMemory();
        }
    }

    private static TrialTrainingOutcome Train(TrialTrainingRequest request, ITrialProgress progress, CancellationToken cancel, CancellationToken suspend)
    {
        var options = new TrainingOptions { Trial = request.Config, DataRoot = request.DataRoot };
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid trial configuration: " + string.Join("; ", errors) + ".");
        }

        if (request.TorchThreads is { } threads)
        {
            // libtorch's CPU thread count (OpenMP) is a setting of the calling thread: set on this training thread,
            // it holds for this trial alone. Left at one per core, trials in parallel slots fight over the cores.
            torch.set_num_threads(threads);
        }

        var device = DeviceSelection.Parse(request.Device);
        var checkpointed = ReportCheckpointedEpochs(request.CheckpointDirectory, progress);
        using var data = DatasetCatalog.Load(options.DatasetRequest);
        using var trainer = new IbpTrainer(options, data, device, request.CheckpointDirectory, new ProgressObserver(progress));
        progress.OnStarted(checkpointed is null
            ? null
            : new BatchPosition(checkpointed.CompletedEpochs + 1, checkpointed.BatchInEpoch, trainer.BatchesPerEpoch));
        try
        {
            var outcome = trainer.Run(cancel, suspend);
            var kind = outcome.Kind switch
            {
                TrainingOutcomeKind.Completed => TrialTrainingOutcomeKind.Completed,
                TrainingOutcomeKind.Suspended => TrialTrainingOutcomeKind.Suspended,
                _ => TrialTrainingOutcomeKind.Cancelled,
            };
            return kind == TrialTrainingOutcomeKind.Completed
                ? Certified(trainer, outcome.CompletedEpochs, cancel, suspend)
                : new TrialTrainingOutcome(kind, outcome.CompletedEpochs);
        }
        catch (TrainingDivergedException e)
        {
            return new TrialTrainingOutcome(TrialTrainingOutcomeKind.Diverged, e.Epoch - 1, new Divergence(e.Epoch, e.Batch, e.Term, e.Value));
        }
    }

    /// <summary>
    /// The completed trial's best checkpoint certified by IBP and full CROWN (<c>final_certify: crown</c>), still on the
    /// training thread. Stopped between test batches, the trial ends as cancelled, or is handed back to certify again on
    /// its next attempt (all its epochs checkpointed, that attempt only certifies).
    /// </summary>
    private static TrialTrainingOutcome Certified(IbpTrainer trainer, int completedEpochs, CancellationToken cancel, CancellationToken suspend)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, suspend);
        try
        {
            return new TrialTrainingOutcome(TrialTrainingOutcomeKind.Completed, completedEpochs, Certificate: trainer.CertifyBest(stop.Token)?.ToFinalCertificate());
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return new TrialTrainingOutcome(cancel.IsCancellationRequested ? TrialTrainingOutcomeKind.Cancelled : TrialTrainingOutcomeKind.Suspended, completedEpochs);
        }
    }

    /// <summary>
    /// Epochs of the checkpoint may be missing from the trial's history: the silo died between writing the
    /// checkpoint and recording the epoch, or grain storage was down while epochs went on. Reporting every
    /// checkpointed epoch again closes that gap (the grain ignores epochs it has).
    /// </summary>
    private static CheckpointState? ReportCheckpointedEpochs(string directory, ITrialProgress progress)
    {
        var path = Path.Combine(directory, IbpTrainer.LastCheckpointName);
        if (!File.Exists(path))
        {
            return null;
        }

        var state = TrainingCheckpoint.ReadState(path);
        foreach (var report in state.CompletedReports())
        {
            progress.OnEpoch(report.ToEpochResult());
        }

        return state;
    }

    private sealed class ProgressObserver(ITrialProgress progress) : ITrainingObserver
    {
        public void OnEpoch(EpochReport report) => progress.OnEpoch(report.ToEpochResult());

        public void OnBatch(BatchProgress p) => progress.OnBatch(new BatchPosition(p.Epoch, p.Batch, p.BatchesPerEpoch), p.Eps);
    }
}
