using Certsweep.Contracts.Trials;
using Certsweep.Grains.Training;
using Certsweep.Hyperparameters;

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
        var epochs = request.Config.Get(Parameters.Epochs);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
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
