using System.Text.Json;
using Certsweep.Client.Cli;
using Certsweep.Client.Reports;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Tests.Local;

/// <summary><c>certsweep sweep run</c> with no cluster configured: a local cluster inside the CLI process runs the
/// sweep to its end; SIGTERM (as Ctrl+C) checkpoints and exits with 130, and the same command resumes.</summary>
public sealed class SweepRunProcessTests : IDisposable
{
    private readonly CertsweepProcess _cli = new() { Timeout = TimeSpan.FromMinutes(3) };

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Sweep_run_runs_every_trial_to_the_end_prints_the_results_and_keeps_them_for_the_report()
    {
        var spec = _cli.WriteFile("tiny.yaml", TinySpecs.Four());
        var runs = Path.Combine(_cli.Home, "runs");

        var run = _cli.Run("sweep", "run", spec, "--id", "local", "--slots", "2", "--checkpoints", runs);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Stderr);
        Assert.StartsWith("sweep local: 4 trials on a local cluster with 2 CPU slots", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("results of sweep local (tiny): completed, 4 of 4 trials ranked", run.Stdout, StringComparison.Ordinal);
        for (var n = 1; n <= 4; n++)
        {
            Assert.Matches($"(?m)^[1-4] +{n} +(vanilla|fast) ", run.Stdout);
            Assert.True(File.Exists(Path.Combine(runs, "local", $"{n:D4}", "checkpoint.last")), $"trial {n} has no checkpoint");
        }

        var resultsFile = Path.Combine(runs, "local", "results.json");
        var results = JsonSerializer.Deserialize<SweepResults>(File.ReadAllText(resultsFile), JsonOutput.Options)!;
        Assert.Equal(SweepState.Completed, results.Status.State);
        Assert.All(results.Trials, t => Assert.Equal([1, 2], t.Epochs.Select(e => e.Epoch)));

        var reportDirectory = Path.Combine(_cli.Home, "report");
        var report = _cli.Run("report", resultsFile, "--out", reportDirectory);
        Assert.True(report.ExitCode == ExitCodes.Success, report.Stderr);
        var markdown = File.ReadAllText(Path.Combine(reportDirectory, SweepReportWriter.MarkdownFile));
        Assert.All(results.Trials, t => Assert.Contains(t.Status.TrialId, markdown, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(reportDirectory, SweepReportWriter.VerifiedErrorPlot)));
    }

    [Fact]
    public void An_interrupted_run_checkpoints_says_where_exits_130_and_resumes_from_its_checkpoints()
    {
        var spec = _cli.WriteFile("slow.yaml", TinySpecs.Yaml("slow", trainLimit: 512, epochs: 12, seeds: "[1, 2]", maxConcurrency: 1, methods: "[fast]"));
        var runs = Path.Combine(_cli.Home, "runs");
        // Two slots, so each trial computes on one thread (on two, a busy machine stalls libtorch's threads); the
        // spec's max_concurrency 1 still runs one trial at a time.
        string[] args = ["sweep", "run", spec, "--id", "stopped", "--slots", "2", "--checkpoints", runs];

        using (var running = _cli.Start(args))
        {
            running.WaitForOutput("#1 epoch ", TimeSpan.FromMinutes(2));
            running.Terminate();
            var interrupted = running.WaitForExit(TimeSpan.FromSeconds(60));

            Assert.Equal(ExitCodes.Interrupted, interrupted.ExitCode);
            Assert.Contains("error: interrupted: sweep stopped stopped with 0 of 2 trials completed; 1 trial checkpoint is in", interrupted.Stderr, StringComparison.Ordinal);
            Assert.Contains($"resume: certsweep sweep run {spec} --id stopped --checkpoints {runs}", interrupted.Stderr, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(runs, "stopped", "0001", "checkpoint.last")));
            Assert.False(Directory.Exists(Path.Combine(runs, "stopped", "0002")));
        }

        var resumed = _cli.Run(args);

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Stderr);
        Assert.Contains("resuming  1 trial continue from its checkpoint", resumed.Stdout, StringComparison.Ordinal);
        var results = JsonSerializer.Deserialize<SweepResults>(File.ReadAllText(Path.Combine(runs, "stopped", "results.json")), JsonOutput.Options)!;
        Assert.All(results.Trials, t => Assert.Equal(Enumerable.Range(1, 12), t.Epochs.Select(e => e.Epoch)));
        Assert.NotNull(results.Trials[0].Status.ResumedFrom);
        Assert.Null(results.Trials[1].Status.ResumedFrom);
    }

    [Fact]
    public void A_missing_data_set_is_exit_code_3_before_anything_starts()
    {
        var spec = _cli.WriteFile("cifar.yaml", "dataset: cifar10\neps: 0.03\nepochs: 1\naxes: {warmup: [1]}\n");

        var run = _cli.Run("sweep", "run", spec, "--data-root", Path.Combine(_cli.Home, "empty"), "--checkpoints", Path.Combine(_cli.Home, "runs"));

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Contains("error: the data set cifar10 is not in", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("certsweep data fetch cifar10", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_cli.Home, "runs")));
    }
}
