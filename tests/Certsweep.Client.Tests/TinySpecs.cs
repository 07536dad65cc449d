using System.Globalization;

namespace Certsweep.Client.Tests;

/// <summary>Spec files of sweeps small enough for tests: the synthetic data set and the 4-layer CNN with BN, a
/// fraction of a second per epoch on a CPU.</summary>
public static class TinySpecs
{
    /// <summary>vanilla and fast (lambda 0.5) x seeds 1 and 2 = 4 trials of 2 epochs on 64/32 samples.</summary>
    public static string Four(string name = "tiny", string seeds = "[1, 2]") => Yaml(name, 64, 2, seeds);

    /// <summary>The same grid with <paramref name="epochs"/> epochs on <paramref name="trainLimit"/> samples, for
    /// trials that run long enough to be caught running.</summary>
    public static string Yaml(string name, int trainLimit, int epochs, string seeds = "[1, 2]", int maxConcurrency = 0, string methods = "[vanilla, fast]") => string.Create(CultureInfo.InvariantCulture, $"""
        name: {name}
        dataset: synthetic
        train_limit: {trainLimit}
        test_limit: 32
        eps: 0.1
        epochs: {epochs}
        batch_size: 32
        lr_milestones: []
        axes:
          model: [cnn_4layer_bn]
          method: {methods}
          lambda: [0.5]
          warmup: [1]
          seed: {seeds}
        max_concurrency: {maxConcurrency}
        retries: 0

        """);
}
