using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>Sweeps of tiny trials on the synthetic data set and the 4-layer CNN (about a second each on a CPU).</summary>
public static class TinySweeps
{
    /// <summary>2 lambdas x 2 warmups x 2 seeds = 8 trials.</summary>
    public static SweepSpec Eight(int epochs = 3, int trainLimit = 64, int batchSize = 32) => SweepSpec.Of(
        [
            Parameters.Name.Set("tiny"),
            Parameters.Dataset.Set(KnownDatasets.Synthetic),
            Parameters.TrainLimit.Set(trainLimit),
            Parameters.TestLimit.Set(32),
            Parameters.Eps.Set(0.1),
            Parameters.Epochs.Set(epochs),
            Parameters.BatchSize.Set(batchSize),
            Parameters.LrMilestones.Set([]),
            Parameters.Model.Set(KnownModels.CnnFourLayerBn),
            Parameters.Method.Set("fast"),
        ],
        SweepAxis.Of(Parameters.Lambda, 0.2, 0.5),
        SweepAxis.Of(Parameters.Warmup, 1, 2),
        SweepAxis.Of(Parameters.Seed, 1, 2));

    /// <summary>One trial (lambda 0.5, warmup 1) per seed of <paramref name="seeds"/>.</summary>
    public static SweepSpec Single(int epochs = 3, params int[] seeds) => Eight(epochs)
        .With(SweepAxis.Of(Parameters.Lambda, 0.5))
        .With(SweepAxis.Of(Parameters.Warmup, 1))
        .With(SweepAxis.Of(Parameters.Seed, seeds.Length == 0 ? [1] : seeds));

    /// <summary>Polls until <paramref name="done"/>; Orleans errors in between (a silo dying) are retried.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Exception? failure = null;
            try
            {
                var value = await read();
                if (done(value))
                {
                    return value;
                }
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // While a dead silo is being detected, calls to grains that lived there fail; the cluster recovers.
                failure = e;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.", failure);
            }

            await Task.Delay(100);
        }
    }
}
