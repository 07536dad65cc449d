using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Commands;
using Certsweep.Client.Connection;
using Certsweep.Client.Specs;
using Certsweep.Client.Sweeps;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;
using Certsweep.Hosting;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Training.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Certsweep.Client.Local;

/// <summary>
/// <c>certsweep sweep run &lt;spec&gt;</c>: runs a sweep to its end and prints the results. With no cluster configured
/// (or with <c>--local</c>) it starts a one-silo cluster in this process (CPU slots, memory storage, checkpoints
/// and <c>results.json</c> under <c>runs/&lt;sweep-id&gt;</c>); Ctrl+C then checkpoints the running trials, says where,
/// and exits with 130, and the same command with <c>--id</c> resumes. With a cluster configured it submits there
/// and follows the sweep (Ctrl+C stops following only).
/// </summary>
public static class SweepRunCommand
{
    /// <summary>Trials a local cluster runs at once unless <c>--slots</c> says otherwise: one per core, each on one thread
    /// (faster than one trial at a time on every core; docs/cli.md has the measurement).</summary>
    public static int DefaultSlots => Math.Max(1, Environment.ProcessorCount);

    public static Command Create()
    {
        var file = SpecInput.File();
        var maxTrials = SpecInput.MaxTrials();
        var id = SweepArguments.IdOption();
        var local = new Option<bool>("--local") { Description = "Run on a local cluster in this process even when a cluster is configured." };
        var slots = new Option<int?>("--slots")
        {
            Description = $"Local cluster: trials run at once on the CPU (default {DefaultSlots}: one per core, each trial on cores/slots threads; the spec's max_concurrency still applies).",
            HelpName = "n",
        };
        slots.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 256)
            {
                result.AddError($"--slots: {result.GetValueOrDefault<int?>()} is not allowed; allowed: 1 to 256 trials at once");
            }
        });
        var checkpoints = new Option<string?>("--checkpoints")
        {
            Description = "Local cluster: the directory for each sweep's checkpoints and results (DIR/<sweep-id>/..., default ./runs).",
            HelpName = "dir",
        };
        var dataRoot = new Option<string?>("--data-root")
        {
            Description = $"Local cluster: where data sets are looked for (default ${DatasetCatalog.DataRootVariable} or ./data; Fashion-MNIST also where Debian installs it).",
            HelpName = "dir",
        };
        var command = new Command("run", "Run a sweep to its end and print the results: on a local cluster in this process when no cluster is configured.")
        {
            file, id, local, slots, checkpoints, dataRoot, maxTrials, ConnectionOptions.Cluster,
        };
        command.SetAction(async parse =>
        {
            var terminal = Terminal.For(parse);
            if (SpecInput.Load(parse, file, maxTrials, parse.GetValue(ConnectionOptions.Cluster), out var error) is not { } loaded)
            {
                return terminal.Fail(error!);
            }

            var (settings, spec) = loaded;
            var path = parse.GetValue(file)!;
            if (!spec.IsValid)
            {
                return terminal.Fail(spec.ToCliError());
            }

            var sweepId = parse.GetValue(id) ?? DefaultSweepId.For(path, DateTimeOffset.UtcNow);
            if (settings.Cluster is not null && !parse.GetValue(local))
            {
                var localOnly = new[] { ("--slots", parse.GetResult(slots)), ("--checkpoints", parse.GetResult(checkpoints)), ("--data-root", parse.GetResult(dataRoot)) }
                    .Where(o => o.Item2 is not null).Select(o => o.Item1).ToList();
                if (localOnly.Count > 0)
                {
                    return terminal.Fail(new CliError(ExitCodes.InvalidInput,
                        $"{string.Join(", ", localOnly)} configure the local cluster, but the cluster {settings.Cluster} (from {settings.ClusterOrigin}) is configured; add --local to run here, or drop them."));
                }

                return await ClusterVerb.RunAsync(parse, async session =>
                {
                    var result = await session.Client.GetGrain<ISweepCoordinatorGrain>(sweepId).Submit(spec.Spec);
                    if (SweepSubmitCommand.Rejection(result) is { } rejected)
                    {
                        return terminal.Fail(rejected);
                    }

                    if (terminal.Format != OutputFormat.Json)
                    {
                        SweepSubmitCommand.WriteAccepted(terminal, result, session.Where);
                    }

                    return await SweepFollow.RunAsync(session, sweepId);
                }, parse.GetValue(maxTrials));
            }

            var run = new LocalRun(path, spec.Spec, sweepId, parse.GetValue(slots) ?? DefaultSlots,
                Path.GetFullPath(parse.GetValue(checkpoints) ?? "runs"), parse.GetValue(dataRoot));
            return await RunLocalAsync(terminal, settings, run);
        });
        return command;
    }

    private sealed record LocalRun(string SpecPath, SweepSpec Spec, string SweepId, int Slots, string CheckpointRoot, string? DataRoot)
    {
        public string Directory => Path.Combine(CheckpointRoot, SweepId);

        /// <summary>The run's directory as the user would type it: relative to the working directory when it is below it.</summary>
        public string ShownDirectory
        {
            get
            {
                var relative = Path.GetRelativePath(System.IO.Directory.GetCurrentDirectory(), Directory);
                return relative.StartsWith("..", StringComparison.Ordinal) ? Directory : relative;
            }
        }

        public string Results => Path.Combine(Directory, ResultsFile.Name);

        /// <summary>CPU threads of each trial: the cores shared out over the slots. libtorch's default, one per core
        /// for every trial, makes parallel trials (or anything else on the machine) stall each other.</summary>
        public int TorchThreads => Math.Max(1, Environment.ProcessorCount / Slots);

        public int Checkpoints => System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "checkpoint.last", SearchOption.AllDirectories).Count()
            : 0;
    }

    private static async Task<int> RunLocalAsync(Terminal terminal, ClientSettings settings, LocalRun run)
    {
        if (DatasetCatalog.LayoutOf(run.Spec.Dataset) is not null && DatasetCatalog.Locate(run.Spec.Dataset, run.DataRoot) is null)
        {
            return terminal.Fail(new CliError(ExitCodes.Unavailable,
                $"the data set {run.Spec.Dataset} is not in {string.Join(", ", DatasetCatalog.SearchDirectories(run.Spec.Dataset, run.DataRoot))}; " +
                $"fetch it with 'certsweep data fetch {run.Spec.Dataset}' or point --data-root at it. Nothing was started."));
        }

        var resuming = run.Checkpoints;
        SweepResults? earlier = null;
        if (resuming > 0 && File.Exists(run.Results) && ResultsFile.Read(run.Results, out earlier) is { } unreadable)
        {
            return terminal.Fail(unreadable with { Message = $"{unreadable.Message} It holds the epochs before the checkpoints of this run; move it away to resume without them." });
        }

        if (terminal.Format != OutputFormat.Json)
        {
            terminal.WriteHeading($"sweep {run.SweepId}: {SweepExpansion.TrialCount(run.Spec)} trials on a local cluster with {run.Slots} CPU slot{(run.Slots == 1 ? string.Empty : "s")}");
            terminal.WriteFacts(
            [
                ("files", $"{run.ShownDirectory} (checkpoints, {ResultsFile.Name})"),
                .. resuming > 0 ? new[] { ("resuming", $"{resuming} trial{(resuming == 1 ? string.Empty : "s")} continue from {(resuming == 1 ? "its" : "their")} checkpoint") } : [],
                ("stop", "Ctrl+C (running trials write a checkpoint first)"),
            ]);
        }

        using var interruption = Interruption.Listen();
        var stopped = false;
        EmbeddedCluster cluster;
        try
        {
            cluster = await EmbeddedCluster.StartAsync(run.Slots, run.CheckpointRoot, run.DataRoot, run.TorchThreads, settings.MaxTrials, logging => QuietSiloLogs(logging, () => stopped),
                services => services.AddSingleton<IHostLifetime, NoSignalLifetime>(), interruption.Token);
        }
        catch (OperationCanceledException) when (interruption.Requested)
        {
            return terminal.Fail(new CliError(ExitCodes.Interrupted, "interrupted while the local cluster was starting; nothing ran."));
        }

        try
        {
            var session = new ClusterSession(terminal, cluster.Client, settings, "the local cluster", interruption.Token);
            return await ClusterVerb.RunConnectedAsync(session, async _ =>
            {
                var coordinator = cluster.Client.GetGrain<ISweepCoordinatorGrain>(run.SweepId);
                if (SweepSubmitCommand.Rejection(await coordinator.Submit(run.Spec)) is { } rejected)
                {
                    return terminal.Fail(rejected);
                }

                var retry = new ClusterRetry(ClusterRetry.DefaultWindow);
                var watch = await new SweepWatch(new SweepReader(cluster.Client, run.SweepId, retry), terminal).RunAsync(interruption.Token);
                var results = await coordinator.GetResults();
                if (earlier is not null)
                {
                    results = ResumedResults.Merge(earlier, results);
                }

                ResultsFile.Write(run.Results, results);
                if (watch.Interrupted)
                {
                    terminal.Error.WriteLine("stopping: running trials write a checkpoint and stop...");
                    stopped = true;
                    await cluster.DisposeAsync();
                    if (terminal.Format == OutputFormat.Json)
                    {
                        terminal.WriteJson(results);
                    }

                    return terminal.Fail(new CliError(ExitCodes.Interrupted,
                        $"interrupted: sweep {run.SweepId} stopped with {results.Status.Counts.Completed} of {results.Status.Counts.Total} trials completed; " +
                        $"{run.Checkpoints} trial checkpoint{(run.Checkpoints == 1 ? " is" : "s are")} in {run.ShownDirectory}, the results so far in {Path.Combine(run.ShownDirectory, ResultsFile.Name)}.",
                        [$"resume: certsweep sweep run {run.SpecPath} --id {run.SweepId}{(run.CheckpointRoot == Path.GetFullPath("runs") ? string.Empty : $" --checkpoints {run.CheckpointRoot}")}"]));
                }

                if (terminal.Format == OutputFormat.Json)
                {
                    terminal.WriteJson(results);
                }
                else
                {
                    terminal.Out.WriteLine();
                    SweepResultsTable.Write(terminal, results.Status);
                    terminal.WriteFacts(
                    [
                        ("results", Path.Combine(run.ShownDirectory, ResultsFile.Name)),
                        ("report", $"certsweep report {Path.Combine(run.ShownDirectory, ResultsFile.Name)}"),
                    ]);
                }

                return SweepOutcome.Problem(results.Status) is { } problem ? terminal.Fail(problem) : ExitCodes.Success;
            });
        }
        finally
        {
            if (!stopped)
            {
                stopped = true;
                await cluster.DisposeAsync();
            }
        }
    }

    /// <summary>The silo in this process logs errors only, to stderr, so stdout stays the results (and valid JSON); and
    /// nothing once the CLI stops it, when grains that flush their state to the in-memory storage on the way out only
    /// report that it is gone.</summary>
    private static void QuietSiloLogs(ILoggingBuilder logging, Func<bool> stopping)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Error);
        logging.AddFilter((_, level) => level >= LogLevel.Error && !stopping());
    }
}
