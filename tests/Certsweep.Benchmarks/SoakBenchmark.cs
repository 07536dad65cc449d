using System.Diagnostics;
using System.Globalization;
using Certsweep.Grains.Training;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.TestSupport;
using Certsweep.Training;
using Certsweep.Training.Models;

namespace Certsweep.Benchmarks;

/// <summary>
/// <c>soak</c>: many trial attempts in one process, run the way a silo runs them: the production trainer
/// (<see cref="IbpTrialTrainer"/>, which gives freed memory back when an attempt ends), each attempt on a thread of its own started for it (as the trial grain's
/// TrialRun does) or, with <c>--thread slot</c>, on one long-lived thread per slot; every other trial is
/// suspended in the middle of its first epoch and resumed from its checkpoint by its next attempt. After every
/// attempt it records the process's memory (<see cref="ProcessMemory"/>) and prints a table and the ratio
/// RSS(last)/RSS(--baseline). Options: --attempts N (60) --baseline N (10) --slots N (1) --epochs N (2)
/// --dataset D (fashion-mnist) --train-limit N (512) --test-limit N (256) --batch-size N (64)
/// --torch-threads N (1: libtorch's default, one per core, spins and crawls on a loaded 2-core machine; 0 keeps it)
/// --thread attempt|slot (attempt). Set MALLOC_ARENA_MAX in its environment to try a bound on malloc's arenas.
/// </summary>
public sealed class SoakBenchmark : IBenchmark
{
    private const double Target = 1.25;

    public string Description => "RSS, managed heap and malloc arenas after each of 60 trial attempts (suspends, resumes)";

    public int Run(IReadOnlyList<string> arguments)
    {
        if (BenchmarkOptions.Parse(arguments, new Dictionary<string, string>
        {
            ["--attempts"] = "60", ["--baseline"] = "10", ["--slots"] = "1", ["--epochs"] = "2", ["--dataset"] = KnownDatasets.FashionMnist,
            ["--train-limit"] = "256", ["--test-limit"] = "128", ["--batch-size"] = "64", ["--torch-threads"] = "1", ["--thread"] = "attempt",
        }) is not { } settings)
        {
            return 2;
        }

        var attempts = settings.Int("--attempts");
        var baseline = settings.Int("--baseline");
        var slots = settings.Int("--slots");
        var threadPerSlot = settings["--thread"] switch
        {
            "attempt" => false,
            "slot" => true,
            _ => throw new ArgumentException("--thread must be 'attempt' or 'slot'."),
        };
        var torchThreads = settings.Int("--torch-threads") > 0 ? settings.Int("--torch-threads") : (int?)null;
        var config = TrialConfig.Of(
            Parameters.Dataset.Set(settings["--dataset"]), Parameters.Model.Set(CnnFourLayerBn.Name), Parameters.Method.Set("fast"),
            Parameters.Eps.Set(0.1), Parameters.ScheduleStart.Set(1), Parameters.Warmup.Set(1), Parameters.Epochs.Set(settings.Int("--epochs")),
            Parameters.BatchSize.Set(settings.Int("--batch-size")), Parameters.TrainLimit.Set(settings.Int("--train-limit")),
            Parameters.TestLimit.Set(settings.Int("--test-limit")));
        var root = Path.Combine(Path.GetTempPath(), "certsweep-soak-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);

        Console.WriteLine($"soak: {attempts} attempts of {CnnFourLayerBn.Name} on {settings["--dataset"]} ({settings["--train-limit"]}/{settings["--test-limit"]} samples, " +
                          $"{settings["--epochs"]} epochs), {slots} slot(s), a thread per {(threadPerSlot ? "slot" : "attempt")}, torch threads {settings["--torch-threads"]}, " +
                          $"MALLOC_ARENA_MAX={Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? "(unset)"}, {Environment.ProcessorCount} cores, {Timing.CpuModel()}");
        var start = ProcessMemory.Now();
        Console.WriteLine($"before the first attempt: RSS {Mb(start.ResidentBytes)} MB, managed {Mb(start.ManagedBytes)} MB, {start.Threads} threads");
        Console.WriteLine($"{"attempt",7} {"trial",5} {"outcome",-9} {"s",5} {"RSS MB",7} {"managed",7} {"malloc heap",11} {"in use",7} {"free",7} {"mmapped",7} {"arenas",6} {"threads",7}");

        var rows = new List<ProcessMemory>();
        var gate = new object();
        var done = 0;
        var trainer = new IbpTrialTrainer();
        var clock = Stopwatch.StartNew();

        // One attempt: suspended in the middle of the trial's first epoch when asked, else trained to the end.
        void Attempt(int trial, bool suspendMidway)
        {
            var started = clock.Elapsed.TotalSeconds;
            var progress = new MidEpochSuspension(suspendMidway);
            var request = new TrialTrainingRequest(config.With(Parameters.Seed.Set(trial + 1)), "cpu", Path.Combine(root, $"trial-{trial}"), null, torchThreads);
            var outcome = trainer.Run(request, progress, CancellationToken.None, progress.Suspension.Token);
            var memory = ProcessMemory.Now();
            lock (gate)
            {
                done++;
                rows.Add(memory);
                Console.WriteLine(
                    $"{done,7} {trial,5} {outcome.Kind,-9} {clock.Elapsed.TotalSeconds - started,5:F1} {Mb(memory.ResidentBytes),7} {Mb(memory.ManagedBytes),7} " +
                    $"{Mb(memory.MallocHeapBytes),11} {Mb(memory.MallocInUseBytes),7} {Mb(memory.MallocFreeBytes),7} {Mb(memory.MallocMappedBytes),7} " +
                    $"{memory.MallocArenas?.ToString(CultureInfo.InvariantCulture) ?? "-",6} {memory.Threads,7}");
            }
        }

        // Whole trials go to the slots: every even-numbered one as two attempts (suspended, then resumed), the others as one.
        var plan = new System.Collections.Concurrent.ConcurrentQueue<(int Trial, int Attempts)>();
        for (int trial = 0, planned = 0; planned < attempts; trial++)
        {
            var count = Math.Min(trial % 2 == 0 ? 2 : 1, attempts - planned);
            plan.Enqueue((trial, count));
            planned += count;
        }

        void Slot()
        {
            while (plan.TryDequeue(out var next))
            {
                var (trial, trialAttempts) = next;
                for (var a = 0; a < trialAttempts; a++)
                {
                    var suspend = trialAttempts == 2 && a == 0;
                    if (threadPerSlot)
                    {
                        Attempt(trial, suspend);
                    }
                    else
                    {
                        Exception? failure = null;
                        var thread = new Thread(() =>
                        {
                            try
                            {
                                Attempt(trial, suspend);
                            }
                            catch (Exception e)
                            {
                                failure = e;
                            }
                        })
                        { IsBackground = true, Name = $"trial {trial}" };
                        thread.UnsafeStart();
                        thread.Join();
                        if (failure is not null)
                        {
                            throw new InvalidOperationException($"attempt of trial {trial} failed", failure);
                        }
                    }
                }

                Directory.Delete(Path.Combine(root, $"trial-{trial}"), recursive: true);
            }
        }

        try
        {
            var slotThreads = Enumerable.Range(0, slots).Select(i => new Thread(Slot) { IsBackground = true, Name = $"slot {i}" }).ToList();
            slotThreads.ForEach(t => t.UnsafeStart());
            slotThreads.ForEach(t => t.Join());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        if (rows.Count < Math.Max(baseline, 1))
        {
            Console.Error.WriteLine($"error: {rows.Count} attempts ran; the ratio needs at least {baseline}.");
            return 1;
        }

        var ratio = (double)rows[^1].ResidentBytes / rows[baseline - 1].ResidentBytes;
        var peak = rows.Max(r => r.ResidentBytes);
        Console.WriteLine(
            $"RSS({rows.Count})/RSS({baseline}) = {Mb(rows[^1].ResidentBytes)}/{Mb(rows[baseline - 1].ResidentBytes)} MB = {ratio:F2} " +
            $"(target <= {Target:F2}: {(ratio <= Target ? "met" : "NOT met")}); RSS({rows.Count})/RSS(1) = {(double)rows[^1].ResidentBytes / rows[0].ResidentBytes:F2}; " +
            $"peak RSS {Mb(peak)} MB; {clock.Elapsed.TotalSeconds:F0} s in all");
        return 0;
    }

    private static string Mb(long? bytes) => bytes is { } b ? (b / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture) : "-";
}
