using Certsweep.Client.Reports;
using Certsweep.Hyperparameters;

namespace Certsweep.Client.Tests;

/// <summary>
/// Hand-built sweeps for the report tests. A trial's test verified error at full eps falls by one point per
/// epoch to <c>finalVerified</c> at its last epoch, so its best epoch at full eps is its last one.
/// </summary>
public static class SampleSweep
{
    public const double Eps = 0.1;

    public static TrialReport Trial(
        string id, string method, double lambda, int warmup, int seed, double finalVerified,
        string model = "cnn_4layer_bn", int epochs = 8, int? stoppedAfter = null, string state = "completed", int number = 1)
    {
        var done = stoppedAfter ?? epochs;
        var history = Enumerable.Range(1, done).Select(e =>
        {
            var eps = Eps * Math.Min(1.0, (double)e / warmup);
            var atFull = e >= warmup;
            var vanilla = method == "vanilla";
            var verified = atFull ? finalVerified + 0.01 * (epochs - e) : 0.2 + 0.3 * eps / Eps;
            var regularized = method == "fast" && e <= warmup;
            return new EpochRow(
                e, eps, Eps, 5e-4,
                TrainCleanError: 0.30 - 0.02 * e + 0.001 * seed + (vanilla ? 0.05 : 0),
                TestCleanError: 0.28 - 0.02 * e + 0.001 * seed + (vanilla ? 0.05 : 0),
                TrainVerifiedError: verified + 0.02,
                TestVerifiedError: verified,
                RobustLoss: 1.5 - 0.1 * e,
                TightnessLoss: regularized ? (0.8 - lambda) / e : null,
                ReluLoss: regularized ? 0.5 / e + 0.1 * warmup * lambda : null,
                ActiveReluShare: vanilla ? 0.30 - 0.03 * e : 0.30 - 0.005 * e,
                InactiveReluShare: vanilla ? 0.30 + 0.06 * e : 0.30 + 0.01 * e,
                ImagesPerSecond: 1500 + seed);
        }).ToList();
        return Report(id, model, method, lambda, warmup, seed, state, epochs, history, number);
    }

    /// <summary>A trial of <paramref name="model"/> and <paramref name="method"/> whose axes are model, method, lambda (fast
    /// only), warmup and seed, with the given history.</summary>
    public static TrialReport Report(
        string id, string model, string method, double lambda, int warmup, int seed, string state, int epochs, IReadOnlyList<EpochRow> history, int number = 1)
    {
        var config = Config(model, method, lambda, warmup, seed, epochs);
        return new TrialReport(id, number, config, Axes(config), state, epochs, history);
    }

    /// <summary>The configuration (axes without the seed) such a trial has.</summary>
    public static TrialConfiguration Configuration(string model, string method, double lambda, int warmup)
    {
        var config = Config(model, method, lambda, warmup, seed: 1, epochs: 8);
        return new TrialConfiguration(Axes(config), config);
    }

    private static TrialConfig Config(string model, string method, double lambda, int warmup, int seed, int epochs) => TrialConfig.Of(
        Parameters.Dataset.Set("fashion-mnist"), Parameters.Eps.Set(Eps), Parameters.Epochs.Set(epochs), Parameters.Model.Set(model),
        Parameters.Method.Set(method), Parameters.Lambda.Set(lambda), Parameters.Warmup.Set(warmup), Parameters.Seed.Set(seed));

    private static ParameterSet Axes(TrialConfig config) =>
        config.Values.Where(p => p == Parameters.Model || p == Parameters.Method || p == Parameters.Lambda || p == Parameters.Warmup || p == Parameters.Seed);

    /// <summary>
    /// cnn_4layer_bn: vanilla and fast (λ 0.2 and 0.5) x warmup 2 and 5 x seeds 1-3, plus a cnn model with one
    /// configuration, a failed trial and a cancelled one that never reached the full eps.
    /// </summary>
    public static SweepReport Full()
    {
        var trials = new List<TrialReport>();
        foreach (var warmup in new[] { 2, 5 })
        {
            foreach (var seed in new[] { 1, 2, 3 })
            {
                var shift = 0.01 * (seed - 2);
                trials.Add(Trial($"vanilla-w{warmup}-s{seed}", "vanilla", 0, warmup, seed, 0.60 + shift + (warmup == 2 ? 0.05 : 0), number: trials.Count + 1));
                trials.Add(Trial($"fast-l0.2-w{warmup}-s{seed}", "fast", 0.2, warmup, seed, 0.52 + shift + (warmup == 2 ? 0.02 : 0), number: trials.Count + 1));
                trials.Add(Trial($"fast-l0.5-w{warmup}-s{seed}", "fast", 0.5, warmup, seed, 0.50 + shift + (warmup == 2 ? 0.03 : 0), number: trials.Count + 1));
            }
        }

        trials.Add(Trial("cnn-fast-s1", "fast", 0.5, 5, 1, 0.45, model: "cnn", number: 19));
        trials.Add(Trial("cnn-vanilla-s1", "vanilla", 0, 5, 1, 0.58, model: "cnn", stoppedAfter: 3, state: "failed (out of memory)", number: 20));
        trials.Add(Trial("cnn-vanilla-s2", "vanilla", 0, 5, 2, 0.58, model: "cnn", stoppedAfter: 4, state: "cancelled", number: 21));
        return new SweepReport(
            "fmnist-quick", "Fashion-MNIST quick sweep", "fashion-mnist", Eps,
            new[] { new SpecSetting("epochs", "8"), new SpecSetting("schedule", "smoothed, start 1"), new SpecSetting("batch size", "256") },
            trials);
    }

    /// <summary>
    /// A sweep that selects on a validation split where validation and test disagree. Four trials of 4 epochs, warmup 2
    /// (epochs 2-4 at full eps), each epoch at (val clean, val verified, test clean, test verified); the ramp epoch has
    /// lower errors than any, at a smaller eps. On validation the best epochs are the third ones and the order is fast-s1
    /// (45), fast-s2 (46), vanilla-s1 (52), vanilla-s2 (53), fast before vanilla; picked and ranked on the test set it
    /// would be vanilla-s1 (35, epoch 4), fast-s1 (38, epoch 4), vanilla-s2 (39, epoch 2), fast-s2 (42, epoch 4), vanilla
    /// (mean 37) before fast (mean 40).
    /// </summary>
    public static SweepReport SelectingOnValidation()
    {
        TrialReport Validated(string id, int number, string method, int seed, params (double ValClean, double ValVerified, double TestClean, double TestVerified)[] atFullEps)
        {
            EpochRow Row(int epoch, double eps, (double ValClean, double ValVerified, double TestClean, double TestVerified) e) => new(
                epoch, eps, Eps, 5e-4,
                TrainCleanError: e.TestClean, TestCleanError: e.TestClean, TrainVerifiedError: e.TestVerified, TestVerifiedError: e.TestVerified,
                RobustLoss: 1, TightnessLoss: null, ReluLoss: null, ActiveReluShare: 0.3, InactiveReluShare: 0.3, ImagesPerSecond: 1000,
                ValidationCleanError: e.ValClean, ValidationVerifiedError: e.ValVerified);
            var history = atFullEps.Select((e, i) => Row(i + 2, Eps, e)).Prepend(Row(1, Eps / 2, (0.05, 0.10, 0.05, 0.10))).ToList();
            return Report(id, "cnn", method, method == "fast" ? 0.5 : 0, 2, seed, "completed", 4, history, number);
        }

        return new SweepReport(
            "val-sweep", "Validation sample", "fashion-mnist", Eps, [],
            [
                Validated("fast-s1", 1, "fast", 1, (0.20, 0.50, 0.18, 0.40), (0.15, 0.45, 0.16, 0.48), (0.17, 0.47, 0.15, 0.38)),
                Validated("fast-s2", 2, "fast", 2, (0.22, 0.49, 0.20, 0.44), (0.20, 0.46, 0.19, 0.47), (0.21, 0.48, 0.17, 0.42)),
                Validated("vanilla-s1", 3, "vanilla", 1, (0.25, 0.55, 0.20, 0.36), (0.24, 0.52, 0.21, 0.37), (0.26, 0.54, 0.22, 0.35)),
                Validated("vanilla-s2", 4, "vanilla", 2, (0.26, 0.56, 0.21, 0.39), (0.25, 0.53, 0.20, 0.41), (0.27, 0.57, 0.23, 0.40)),
            ],
            SelectsOnValidation: true);
    }
}
