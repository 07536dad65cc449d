using Certsweep.Contracts.Trials;
using Certsweep.Grains.Training;

namespace Certsweep.Benchmarks;

/// <summary>
/// The scheduling benchmark's stand-in for the real trainer: reports each epoch at once (zero errors) and
/// completes, so what is measured is the cluster's own overhead: leasing, placement, activation, storage
/// writes and status reports. Never used outside this benchmark.
/// </summary>
public sealed class InstantTrialTrainer : ITrialTrainer
{
    public TrialTrainingOutcome Run(TrialTrainingRequest request, ITrialProgress progress, CancellationToken cancel, CancellationToken suspend)
    {
        progress.OnStarted(null);
        var pass = new PassResult(1, 0, 0, 0, 0, 0, null, null, null, null, null);
        for (var epoch = 1; epoch <= request.Config.Epochs; epoch++)
        {
            progress.OnEpoch(new EpochResult
            {
                Epoch = epoch,
                Epochs = request.Config.Epochs,
                Eps = request.Config.Eps,
                EpsMax = request.Config.Eps,
                LearningRate = request.Config.LearningRate,
                Train = pass,
                Test = pass,
                FinishedAt = DateTimeOffset.UtcNow,
            });
        }

        return new TrialTrainingOutcome(TrialTrainingOutcomeKind.Completed, request.Config.Epochs);
    }
}
