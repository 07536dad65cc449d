using Certsweep.Contracts.Trials;
using Certsweep.Grains.Training;
using Certsweep.Hyperparameters;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>
/// A stand-in trainer for scheduler and search tests: each epoch takes <see cref="EpochTime"/> and reports a verified
/// error that depends only on the trial's lambda and seed and falls slowly with the epochs (so trials keep their
/// order, and a scheduler's decisions can be checked); eps ramps over the trial's warmup. It stops within 10 ms of
/// a cancel or suspend and writes no checkpoint.
/// </summary>
public sealed class CurveTrialTrainer : ITrialTrainer
{
    // Long enough that a scheduler's stop reaches the trial within the epoch after its rung on a loaded 2-core machine
    // (at 120 ms a trial once ran two epochs past its rung there).
    public static readonly TimeSpan EpochTime = TimeSpan.FromMilliseconds(250);

    /// <summary>The verified error trial <paramref name="config"/> reports after <paramref name="epoch"/>.</summary>
    public static double VerifiedError(TrialConfig config, int epoch) =>
        (0.3 + (0.5 * config.GetOr(Parameters.Lambda, 0)) + (0.01 * config.Get(Parameters.Seed))) * (1 - (0.02 * epoch));

    public TrialTrainingOutcome Run(TrialTrainingRequest request, ITrialProgress progress, CancellationToken cancel, CancellationToken suspend)
    {
        progress.OnStarted(null);
        var config = request.Config;
        var epochs = config.Get(Parameters.Epochs);
        var epsMax = config.Get(Parameters.Eps);
        var rampEnd = config.Get(Parameters.ScheduleStart) + config.Get(Parameters.Warmup) - 1;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var until = DateTime.UtcNow + EpochTime;
            while (DateTime.UtcNow < until)
            {
                if (cancel.IsCancellationRequested)
                {
                    return new TrialTrainingOutcome(TrialTrainingOutcomeKind.Cancelled, epoch - 1);
                }

                if (suspend.IsCancellationRequested)
                {
                    return new TrialTrainingOutcome(TrialTrainingOutcomeKind.Suspended, epoch - 1);
                }

                Thread.Sleep(10);
            }

            var verified = VerifiedError(config, epoch);
            var pass = new PassResult(100, verified / 2, verified, 1, 1, 1, null, null, null, null, null);
            progress.OnEpoch(new EpochResult
            {
                Epoch = epoch,
                Epochs = epochs,
                Eps = epoch >= rampEnd ? epsMax : epsMax * epoch / rampEnd,
                EpsMax = epsMax,
                LearningRate = config.Get(Parameters.LearningRate),
                Train = pass,
                Test = pass,
                FinishedAt = DateTimeOffset.UtcNow,
            });
        }

        return new TrialTrainingOutcome(TrialTrainingOutcomeKind.Completed, epochs);
    }
}
