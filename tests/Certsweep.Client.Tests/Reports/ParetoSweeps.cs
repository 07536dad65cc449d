using Certsweep.Client.Reports;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Tests.Reports;

/// <summary>Small hand-made sweeps whose Pareto fronts over clean and verified error are known.</summary>
public static class ParetoSweeps
{
    /// <summary>The trial numbers on the front of <see cref="WithDominatedAndTiedTrials"/>, worked out by hand.</summary>
    public static readonly int[] HandFront = [1, 2, 4, 5, 7];

    /// <summary>
    /// Trials at (clean, verified) error on their best epoch: 1 (10, 60), 2 (12, 55), 3 (12, 58: dominated by 2, same
    /// clean error), 4 and 5 (15, 50: a tie, neither dominates the other), 6 (20, 52: dominated by 4 and 5), 7 (25, 45),
    /// and 8, stopped during the eps ramp with lower errors than anyone (at a smaller eps: not a point).
    /// </summary>
    public static SweepReport WithDominatedAndTiedTrials() => Sweep(
        Reached(1, 0.10, 0.60), Reached(2, 0.12, 0.55), Reached(3, 0.12, 0.58), Reached(4, 0.15, 0.50),
        Reached(5, 0.15, 0.50), Reached(6, 0.20, 0.52), Reached(7, 0.25, 0.45, "vanilla"),
        SampleSweep.Report("t8", "cnn", "fast", 0.5, 2, 8, "stopped", 3, [Row(1, SampleSweep.Eps / 2, 0.05, 0.30)], 8));

    public static SweepReport Sweep(params TrialReport[] trials) =>
        new("pareto", "Pareto sample", "fashion-mnist", SampleSweep.Eps, [], trials);

    /// <summary>A trial whose best epoch at full eps (its last of three) has these test errors; its ramp epoch has lower ones.</summary>
    public static TrialReport Reached(int number, double clean, double verified, string method = "fast") =>
        SampleSweep.Report($"t{number}", "cnn", method, method == "fast" ? 0.5 : 0, 2, number, "completed", 3,
            [Row(1, SampleSweep.Eps / 2, clean + 0.1, verified - 0.2), Row(2, SampleSweep.Eps, clean + 0.05, verified + 0.05), Row(3, SampleSweep.Eps, clean, verified)],
            number);

    /// <summary>
    /// Three trials that select on a validation split, whose fronts differ by split: on validation 1 (10, 50), 2 (20,
    /// 45), 3 (15, 55, dominated by 1), front {1, 2}; on the test set 1 (10, 40) dominates both others.
    /// </summary>
    public static SweepResults SelectingOnValidation()
    {
        var results = SweepResultsSamples.Results(
            "val-sweep",
            Validated(1, 0.10, 0.50, 0.10, 0.40),
            Validated(2, 0.20, 0.45, 0.20, 0.45),
            Validated(3, 0.15, 0.55, 0.12, 0.42));
        return results with { Status = results.Status with { SelectsOnValidation = true } };
    }

    private static TrialHistory Validated(int number, double valClean, double valVerified, double testClean, double testVerified)
    {
        EpochResult Epoch(int epoch, double worse)
        {
            var e = SweepResultsSamples.Epoch(epoch, 3, testVerified + worse);
            return e with
            {
                Test = e.Test with { CleanError = testClean + worse },
                Validation = e.Test with { CleanError = valClean + worse, VerifiedError = valVerified + worse },
            };
        }

        return SweepResultsSamples.Trial("val-sweep", number, "vanilla", [Epoch(1, -0.05), Epoch(2, 0.05), Epoch(3, 0)], total: 3);
    }

    private static EpochRow Row(int epoch, double eps, double clean, double verified) => new(
        epoch, eps, SampleSweep.Eps, 5e-4,
        TrainCleanError: clean, TestCleanError: clean, TrainVerifiedError: verified, TestVerifiedError: verified,
        RobustLoss: 1, TightnessLoss: null, ReluLoss: null, ActiveReluShare: 0.3, InactiveReluShare: 0.3, ImagesPerSecond: 1000);
}
