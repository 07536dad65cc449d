using System.Globalization;
using Certsweep.Grains.Sweeps.Scheduling;

namespace Certsweep.Benchmarks;

/// <summary>
/// <c>certsweep-benchmarks asha-simulation [--trials 81] [--epochs 100] [--slots 9] [--runs 20] [--reduction-factor 3]
/// [--min-epochs 12] [--grace 2] [--early-min-epochs 4]</c>: a sweep of synthetic learning curves (<see cref="SyntheticLearningCurve"/>;
/// warmups of 4, 7 and 10 epochs in turn, trials queued in random order) replayed on simulated slots, once with every
/// trial run to the end (the grid) and once under each stopping rule. For each of <c>--runs</c> seeds it counts the
/// epochs spent and where the true best trial (the grid's best: lowest verified error at full eps over all epochs)
/// ranks among the trials the rule let finish, and which true rank the rule's best finisher has. Besides ASHA with
/// its first rung after every warmup, it runs ASHA with an early first rung (<c>--early-min-epochs</c>, inside the
/// longer warmups) with the eps rule and blind to the ramp, to show what the rule prevents.
/// </summary>
public sealed class AshaSimulationBenchmark : IBenchmark
{
    private static readonly int[] Warmups = { 4, 7, 10 };
    private static readonly double[] WarmupPenalties = { 0.02, 0, 0.01 };

    public string Description => "ASHA vs a full grid on 81 replayed synthetic learning curves: epochs spent, rank of the true best (no training)";

    public int Run(IReadOnlyList<string> arguments)
    {
        var args = arguments.ToArray();
        var trials = Option(args, "--trials", 81);
        var epochs = Option(args, "--epochs", 100);
        var slots = Option(args, "--slots", 9);
        var runs = Option(args, "--runs", 20);
        var eta = Option(args, "--reduction-factor", 3);
        var minEpochs = Option(args, "--min-epochs", 12);
        var grace = Option(args, "--grace", 2);
        var earlyMinEpochs = Option(args, "--early-min-epochs", 4);

        var asha = new AshaScheduler("verified_error", eta, minEpochs, grace);
        var early = new AshaScheduler("verified_error", eta, earlyMinEpochs, grace);
        var variants = new (string Name, ITrialStoppingRule? Rule, bool HideWarmup)[]
        {
            ("grid (every trial to the end)", null, false),
            ($"ASHA, eta {eta}, min_epochs {minEpochs}, grace {grace}", asha, false),
            ($"ASHA, eta {eta}, min_epochs {earlyMinEpochs}, grace {grace}", early, false),
            ($"ASHA, eta {eta}, min_epochs {earlyMinEpochs}, grace 0", new AshaScheduler("verified_error", eta, earlyMinEpochs, 0), false),
            ($"ASHA, eta {eta}, min_epochs {earlyMinEpochs}, blind to the eps ramp", early, true),
            ($"median rule, min_epochs {minEpochs}, grace {grace}", new MedianStoppingRule("verified_error", minEpochs, grace), false),
        };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{trials} trials x {epochs} epochs (warmups {string.Join("/", Warmups)}), {slots} slots, {runs} runs; ASHA rungs at epochs {string.Join(", ", asha.Rungs(epochs))}, early: {string.Join(", ", early.Rungs(epochs))}"));
        Console.WriteLine();
        Console.WriteLine("| run | epochs spent (median, max of runs) | simulated time (median) | true best in the top 3 | true best's rank among finishers (median, worst) | true rank of the best finisher (median, worst) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, rule, hideWarmup) in variants)
        {
            var outcomes = Enumerable.Range(0, runs).Select(seed => Simulate(seed, trials, epochs, slots, rule, hideWarmup)).ToList();
            var spent = outcomes.Select(o => o.EpochShare).Order().ToList();
            var time = outcomes.Select(o => o.TimeShare).Order().ToList();
            var bestRanks = outcomes.Select(o => o.TrueBestRank ?? int.MaxValue).Order().ToList();
            var pickRanks = outcomes.Select(o => o.PickTrueRank).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(spent):P1}, {spent[^1]:P1} | {Median(time):P1} | {outcomes.Count(o => o.TrueBestRank <= 3)} of {runs} | " +
                $"{Rank(bestRanks[(runs - 1) / 2])}, {Rank(bestRanks[^1])} | {pickRanks[(runs - 1) / 2]}, {pickRanks[^1]} |"));
        }

        return 0;
    }

    private static Outcome Simulate(int seed, int trials, int epochs, int slots, ITrialStoppingRule? rule, bool hideWarmup)
    {
        var random = new Random(seed);
        var curves = Enumerable.Range(0, trials)
            .Select(i => SyntheticLearningCurve.Draw(random, epochs, Warmups[i % Warmups.Length], WarmupPenalties[i % Warmups.Length]))
            .OrderBy(_ => random.Next())
            .ToList();
        var grid = SimulatedSweep.Run(curves, slots, null);
        var result = SimulatedSweep.Run(curves, slots, rule, hideWarmup);

        var trueOrder = Enumerable.Range(0, trials).OrderBy(i => curves[i].BestAtFullEps()).ToList();
        var finishers = Enumerable.Range(0, trials).Where(i => result.EpochsRun[i] == epochs).OrderBy(i => curves[i].BestAtFullEps()).ToList();
        var bestAmongFinishers = finishers.IndexOf(trueOrder[0]);
        return new Outcome(
            (double)result.TotalEpochs / grid.TotalEpochs,
            result.Makespan / grid.Makespan,
            bestAmongFinishers < 0 ? null : bestAmongFinishers + 1,
            trueOrder.IndexOf(finishers[0]) + 1);
    }

    private static double Median(List<double> sorted) => (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;

    private static string Rank(int rank) => rank == int.MaxValue ? "stopped" : rank.ToString(CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <param name="EpochShare">Epochs spent, as a share of the grid's.</param>
    /// <param name="TimeShare">Simulated time to the sweep's end, as a share of the grid's.</param>
    /// <param name="TrueBestRank">The true best's rank among the finishers; null when it was stopped.</param>
    /// <param name="PickTrueRank">The true rank of the best finisher.</param>
    private sealed record Outcome(double EpochShare, double TimeShare, int? TrueBestRank, int PickTrueRank);
}
