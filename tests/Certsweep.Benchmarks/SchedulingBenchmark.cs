using System.Diagnostics;
using System.Globalization;
using Certsweep.Client.Connection;
using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Grains.Training;
using Certsweep.Hosting;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Certsweep.Benchmarks;

/// <summary>
/// <c>certsweep-benchmarks scheduling [--trials N] [--silos N] [--slots N] [--trial-seconds S] [--warm-up N]</c>:
/// starts silo processes (this program with <c>--silo</c>, localhost clustering, memory storage, N CPU slots each,
/// a <see cref="SleepingTrialTrainer"/> with no epoch time, or with <c>--trial-seconds</c> one that sleeps),
/// connects as a client, runs a warm-up sweep, then a sweep of N one-epoch trials, and prints the time from submit
/// to the first trial running and the trials scheduled per second; with sleeping trials also the floor (trials x
/// seconds / slots) and the overhead over it (Ray Tune's bookkeeping test: 10,000 trials of 1 s on 16 slots).
/// </summary>
public sealed class SchedulingBenchmark : IBenchmark
{
    public string Description => "submit-to-first-trial latency and trials/s of a 2,000-trial sweep on 2 silo processes x 8 slots (instant stand-in trainer)";

    public int Run(IReadOnlyList<string> arguments) => RunAsync(arguments.ToArray()).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--silo", "--trial-milliseconds", var milliseconds, .. var sleepingArgs])
        {
            var trainer = new SleepingTrialTrainer(TimeSpan.FromMilliseconds(int.Parse(milliseconds, CultureInfo.InvariantCulture)));
            await SiloWebApplication.Build(sleepingArgs, silo => silo.Services.AddSingleton<ITrialTrainer>(trainer)).RunAsync();
            return 0;
        }

        if (args is ["--silo", .. var siloArgs])
        {
            var app = SiloWebApplication.Build(siloArgs, silo => silo.Services.AddSingleton<ITrialTrainer>(new SleepingTrialTrainer(TimeSpan.Zero)));
            await app.RunAsync();
            return 0;
        }

        var trials = Option(args, "--trials", 2000);
        var siloCount = Option(args, "--silos", 2);
        var slots = Option(args, "--slots", 8);
        var trialMilliseconds = (int)Math.Round(1000 * OptionReal(args, "--trial-seconds", 0));
        var warmUpTrials = Option(args, "--warm-up", 200);
        var primaryPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var silos = new List<Process>();
        try
        {
            for (var i = 0; i < siloCount; i++)
            {
                silos.Add(StartSilo(i, i == 0 ? primaryPort : FreePorts.Next(), i == 0 ? gatewayPort : FreePorts.Next(), primaryPort, slots, trialMilliseconds));
            }

            await using var connection = await ConnectWhenListeningAsync(gatewayPort, TimeSpan.FromSeconds(60));
            var client = connection.Client;
            var ledger = client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key);
            await Until(async () => (await ledger.GetStatus()).TotalSlots == siloCount * slots, TimeSpan.FromSeconds(60));
            var trainer = trialMilliseconds > 0 ? Invariant($"trainer sleeping {trialMilliseconds} ms per trial") : "instant trainer";
            Console.WriteLine($"cluster: {siloCount} silo processes x {slots} slots, {trainer}, memory storage, localhost clustering");

            if (warmUpTrials > 0)
            {
                var warmUp = await RunSweepAsync(client, "warm-up", warmUpTrials);
                Console.WriteLine($"warm-up ({warmUp.Trials} trials): first trial running after {warmUp.FirstRunning.TotalMilliseconds:0} ms, {warmUp.TrialsPerSecond:0} trials/s");
            }

            var result = await RunSweepAsync(client, "measured", trials);
            Console.WriteLine($"sweep of {result.Trials} trials: submit returned after {result.SubmitReturned.TotalMilliseconds:0} ms; " +
                $"first trial running after {result.FirstRunning.TotalMilliseconds:0} ms; all done after {result.AllDone.TotalSeconds:0.00} s; " +
                $"{result.TrialsPerSecond:0} trials/s");
            if (trialMilliseconds > 0)
            {
                // The floor: every slot busy sleeping from submit to the end, trials split evenly over the slots.
                var floor = Math.Ceiling((double)trials / (siloCount * slots)) * trialMilliseconds / 1000.0;
                Console.WriteLine(Invariant($"floor {floor:0.0} s ({trials} trials x {trialMilliseconds / 1000.0:0.###} s / {siloCount * slots} slots); wall {result.AllDone.TotalSeconds:0.0} s; overhead {100 * (result.AllDone.TotalSeconds - floor) / floor:0.00} %"));
                Console.WriteLine(Invariant($"where it goes, mean per trial: start -> epoch end {result.StartToEpochEnd.TotalMilliseconds - trialMilliseconds:0.0} ms over the sleep; epoch end -> trial finished {result.EpochEndToFinished.TotalMilliseconds:0.0} ms; slot idle between trials {result.SlotIdle.TotalMilliseconds:0.0} ms"));
            }

            return 0;
        }
        finally
        {
            foreach (var silo in silos)
            {
                if (!silo.HasExited)
                {
                    silo.Kill();
                    silo.WaitForExit();
                }

                silo.Dispose();
            }
        }
    }

    private static async Task<SweepTiming> RunSweepAsync(IClusterClient client, string prefix, int trials)
    {
        var id = $"{prefix}-{DateTime.UtcNow:HHmmss}";
        var seeds = (trials + 19) / 20;
        var spec = SweepSpec.Of(
            [
                Parameters.Dataset.Set(KnownDatasets.Synthetic),
                Parameters.Eps.Set(0.1),
                Parameters.Epochs.Set(1),
                Parameters.LrMilestones.Set([]),
                Parameters.Model.Set(KnownModels.CnnFourLayerBn),
                Parameters.Warmup.Set(1),
            ],
            SweepAxis.Of(Parameters.Lambda, Enumerable.Range(1, 20).Select(i => i / 20.0).ToArray()),
            SweepAxis.Of(Parameters.Seed, Enumerable.Range(1, seeds).ToArray()));
        var coordinator = client.GetGrain<ISweepCoordinatorGrain>(id);
        var submitted = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var result = await coordinator.Submit(spec);
        var submitReturned = clock.Elapsed;
        if (result.Outcome != SubmitOutcome.Created)
        {
            throw new InvalidOperationException(result.Message);
        }

        while ((await coordinator.GetSummary()).State == SweepState.Running)
        {
            await Task.Delay(50);
        }

        var status = await coordinator.GetStatus();

        var first = status.FirstTrialStartedAt!.Value - submitted;
        var done = status.FinishedAt!.Value - submitted;
        var rows = status.Trials.Where(t => t is { StartedAt: not null, FinishedAt: not null, LastEpochFinishedAt: not null }).ToList();
        var busy = rows.Sum(t => (t.FinishedAt!.Value - t.StartedAt!.Value).TotalMilliseconds);
        var span = (rows.Max(t => t.FinishedAt!.Value) - rows.Min(t => t.StartedAt!.Value)).TotalMilliseconds;
        var slots = (await client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus()).TotalSlots;
        return new SweepTiming(status.Counts.Completed, submitReturned, first, done, status.Counts.Completed / done.TotalSeconds,
            TimeSpan.FromMilliseconds(rows.Average(t => (t.LastEpochFinishedAt!.Value - t.StartedAt!.Value).TotalMilliseconds)),
            TimeSpan.FromMilliseconds(rows.Average(t => (t.FinishedAt!.Value - t.LastEpochFinishedAt!.Value).TotalMilliseconds)),
            TimeSpan.FromMilliseconds(((slots * span) - busy) / rows.Count));
    }

    private static Process StartSilo(int index, int siloPort, int gatewayPort, int primaryPort, int slots, int trialMilliseconds)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "Certsweep.Benchmarks.dll");
        // The silos' own logs are discarded: the benchmark prints only its figures.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            "exec", self, "scheduling", "--silo",
            .. trialMilliseconds > 0 ? ["--trial-milliseconds", Invariant(trialMilliseconds)] : Array.Empty<string>(),
            "--service-id", "certsweep-bench", "--cluster-id", "certsweep-bench", "--silo-name", $"bench-{index}",
            "--silo-port", Invariant(siloPort), "--gateway-port", Invariant(gatewayPort), "--primary-silo-port", Invariant(primaryPort),
            "--http-port", "0", "--devices", "cpu", "--cpu-slots", Invariant(slots),
            "--checkpoint-root", Path.Combine(Path.GetTempPath(), "certsweep-bench-checkpoints"),
            "--Logging:LogLevel:Default=Warning",
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a silo process");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The client fails at once while nothing listens on the gateway port; the silo processes are still starting.</summary>
    private static async Task<ClusterConnection> ConnectWhenListeningAsync(int gatewayPort, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await ClusterConnection.ConnectLocalhostAsync(gatewayPort, "certsweep-bench", "certsweep-bench", timeout);
            }
            catch (ClusterUnreachableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (OrleansException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The silos did not all join in time.");
            }

            await Task.Delay(100);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static double OptionReal(string[] args, string name, double fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary><see cref="SlotIdle"/>: the slots' time between the first start and the last finish that no trial held,
    /// per trial (the turnover from one trial's end to the next one's start, plus the ragged start and end).</summary>
    private sealed record SweepTiming(
        int Trials, TimeSpan SubmitReturned, TimeSpan FirstRunning, TimeSpan AllDone, double TrialsPerSecond,
        TimeSpan StartToEpochEnd, TimeSpan EpochEndToFinished, TimeSpan SlotIdle);
}
