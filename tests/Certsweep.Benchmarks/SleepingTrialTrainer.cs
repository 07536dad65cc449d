using Certsweep.Contracts.Trials;
using Certsweep.Grains.Training;
using Certsweep.Hyperparameters;

namespace Certsweep.Benchmarks;

/// <summary>
/// The overhead benchmark's stand-in for the real trainer (the shape of Ray Tune's bookkeeping test): each epoch
/// sleeps <see cref="EpochTime"/> and reports zero errors, so a sweep's wall time minus trials x epoch time / slots
/// is what the cluster itself costs. With a zero epoch time it reports every epoch at once, without a wait: the
/// stand-in that measures the cluster's per-trial cost alone. Never used outside this benchmark.
/// </summary>
public sealed class SleepingTrialTrainer(TimeSpan epochTime) : ITrialTrainer
{
    public TimeSpan EpochTime { get; } = epochTime;

    public TrialTrainingOutcome Run(TrialTrainingRequest request, ITrialProgress progress, CancellationToken cancel, CancellationToken suspend)
    {
        progress.OnStarted(null);
        var pass = new PassResult(1, 0, 0, 0, 0, 0, null, null, null, null, null);
        var epochs = request.Config.Get(Parameters.Epochs);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            if (EpochTime > TimeSpan.Zero && WaitHandle.WaitAny([cancel.WaitHandle, suspend.WaitHandle], EpochTime) is var signalled and not WaitHandle.WaitTimeout)
            {
                return new TrialTrainingOutcome(signalled == 0 ? TrialTrainingOutcomeKind.Cancelled : TrialTrainingOutcomeKind.Suspended, epoch - 1);
            }

            progress.OnEpoch(new EpochResult
            {
                Epoch = epoch,
                Epochs = epochs,
                Eps = request.Config.Get(Parameters.Eps),
                EpsMax = request.Config.Get(Parameters.Eps),
                LearningRate = request.Config.Get(Parameters.LearningRate),
                Train = pass,
                Test = pass,
                FinishedAt = DateTimeOffset.UtcNow,
            });
        }

        return new TrialTrainingOutcome(TrialTrainingOutcomeKind.Completed, epochs);
    }
}
