using Certsweep.Contracts;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>Sweeps of tiny trials on the synthetic data set and the 4-layer CNN (about a second each on a CPU).</summary>
public static class TinySweeps
{
    /// <summary>2 lambdas x 2 warmups x 2 seeds = 8 trials.</summary>
    public static SweepSpec Eight(int epochs = 3, int trainLimit = 64, int batchSize = 32) => new()
    {
        Name = "tiny",
        Dataset = KnownDatasets.Synthetic,
        TrainLimit = trainLimit,
        TestLimit = 32,
        Eps = 0.1,
        Epochs = epochs,
        BatchSize = batchSize,
        LrMilestones = Array.Empty<int>(),
        Axes = new SweepAxes
        {
            Model = new[] { KnownModels.CnnFourLayerBn },
            Method = new[] { MethodKind.Fast },
            Lambda = NumberAxis.Of(0.2, 0.5),
            Warmup = WarmupAxis.Of(new WarmupSetting(1), new WarmupSetting(2)),
            Seed = new[] { 1, 2 },
        },
    };

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
