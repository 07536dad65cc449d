namespace Certsweep.Grains.Training;

/// <summary>
/// Runs one attempt of a trial, synchronously, on the dedicated thread the trial grain gives it. Production
/// uses <see cref="IbpTrialTrainer"/>; the scheduling benchmark injects a stand-in that finishes at once.
/// Resumes from the checkpoint in <see cref="TrialTrainingRequest.CheckpointDirectory"/> when there is one.
/// Throws on failure (the trial is retried); divergence is an outcome, not an exception.
/// </summary>
public interface ITrialTrainer
{
    TrialTrainingOutcome Run(TrialTrainingRequest request, ITrialProgress progress, CancellationToken cancel, CancellationToken suspend);
}
