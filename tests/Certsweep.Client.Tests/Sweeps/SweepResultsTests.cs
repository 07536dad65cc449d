using System.Text.Json;
using Certsweep.Client.Cli;
using Certsweep.Client.Reports;
using Certsweep.Client.Sweeps;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hosting;
using Orleans.Runtime;

namespace Certsweep.Client.Tests.Sweeps;

/// <summary>What the CLI does with a sweep's results: the report's records, the results file, the merge of a resumed
/// local run with the run before it, the CSV columns.</summary>
public sealed class SweepResultsTests
{
    private static readonly double[] Falling = [0.9, 0.7, 0.5, 0.6];

    [Fact]
    public void Results_map_onto_the_report_records_with_test_errors_and_training_regularizers()
    {
        var results = SweepResultsSamples.Results("map",
            SweepResultsSamples.Trial("map", 1, "fast", Falling.Select((v, i) => SweepResultsSamples.Epoch(i + 1, 4, v)).ToList()),
            SweepResultsSamples.Trial("map", 2, "vanilla", [SweepResultsSamples.Epoch(1, 4, 0.95)], TrialState.Failed) is var failed
                ? failed with { Status = failed.Status with { Reason = "out of memory" } }
                : throw new InvalidOperationException());

        var report = results.ToReport();

        Assert.Equal(("map", "sample", KnownDatasets.Synthetic, 0.1), (report.Id, report.Name, report.Dataset, report.Eps));
        var fast = report.Trials[0];
        Assert.Equal(("map/0001", "fast", 0.5, 2, 1, "completed", 4),
            (fast.Id, fast.Method, fast.Configuration.Lambda, fast.Configuration.WarmupLength, fast.Configuration.WarmupStart, fast.State, fast.Epochs));
        Assert.Equal([1, 2, 3, 4], fast.History.Select(r => r.Epoch));
        var second = fast.History[1];
        Assert.Equal((0.1, 0.25, 0.7, 0.3, 0.6, 1.2, 0.5, 0.25, 0.2, 0.3), (second.Eps, second.TestCleanError, second.TestVerifiedError, second.TrainCleanError,
            second.TrainVerifiedError, second.RobustLoss, second.TightnessLoss, second.ReluLoss, second.ActiveReluShare, second.InactiveReluShare));
        Assert.Equal(3, fast.Best!.Epoch);
        Assert.Equal("failed (out of memory)", report.Trials[1].State);
    }

    [Fact]
    public void A_results_file_reads_back_as_written_with_silo_addresses_and_a_diverged_loss()
    {
        var epochs = new[] { SweepResultsSamples.Epoch(1, 4, 0.9), SweepResultsSamples.Epoch(2, 4, 0.8, trainLoss: null) };
        var trial = SweepResultsSamples.Trial("file", 1, "fast", epochs, TrialState.Diverged);
        var silo = SiloAddress.New(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 11111), 42);
        var results = SweepResultsSamples.Results("file", trial with { Status = trial.Status with { SiloAddress = silo, Divergence = new Divergence(2, 3, "robust loss", double.NaN) } });
        var path = Path.Combine(Directory.CreateTempSubdirectory("certsweep-results-").FullName, ResultsFile.Name);

        ResultsFile.Write(path, results);
        var problem = ResultsFile.Read(path, out var read);

        Assert.Null(problem);
        var row = read!.Status.Trials[0];
        Assert.Equal(silo, row.SiloAddress);
        Assert.True(double.IsNaN(row.Divergence!.Value));
        Assert.True(double.IsNaN(read.Trials[0].Epochs[1].Train.Loss));
        Assert.Equal(JsonSerializer.Serialize(results, JsonOutput.Options), JsonSerializer.Serialize(read, JsonOutput.Options));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void A_file_that_is_not_a_results_document_is_refused_naming_what_is_allowed()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("certsweep-results-").FullName, "spec.json");
        File.WriteAllText(path, "{\"dataset\": \"mnist\"}");

        var problem = ResultsFile.Read(path, out _);
        var missing = ResultsFile.Read(path + ".missing", out _);

        Assert.Equal(ExitCodes.InvalidInput, problem!.ExitCode);
        Assert.Contains("not a sweep results document", problem.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Unavailable, missing!.ExitCode);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void A_resumed_run_gets_the_epochs_before_its_checkpoints_from_the_run_before_and_its_best_epoch_again()
    {
        var earlier = SweepResultsSamples.Results("resume",
            SweepResultsSamples.Trial("resume", 1, "fast", [SweepResultsSamples.Epoch(1, 4, 0.9), SweepResultsSamples.Epoch(2, 4, 0.3), SweepResultsSamples.Epoch(3, 4, 0.8)], TrialState.Pending),
            SweepResultsSamples.Trial("resume", 2, "fast", [SweepResultsSamples.Epoch(1, 4, 0.9), SweepResultsSamples.Epoch(2, 4, 0.7)], TrialState.Pending));
        var resumed = SweepResultsSamples.Results("resume",
            SweepResultsSamples.Trial("resume", 1, "fast", [SweepResultsSamples.Epoch(3, 4, 0.8), SweepResultsSamples.Epoch(4, 4, 0.6)]),
            SweepResultsSamples.Trial("resume", 2, "fast", [SweepResultsSamples.Epoch(2, 4, 0.7), SweepResultsSamples.Epoch(3, 4, 0.5), SweepResultsSamples.Epoch(4, 4, 0.4)]));
        Assert.Equal(2, resumed.Status.Ranking[0].Number);

        var merged = ResumedResults.Merge(earlier, resumed);

        Assert.Equal([1, 2, 3, 4], merged.Trials[0].Epochs.Select(e => e.Epoch));
        Assert.Equal([1, 2, 3, 4], merged.Trials[1].Epochs.Select(e => e.Epoch));
        Assert.Equal(new BestEpoch(2, 0.25, 0.3), merged.Status.Trials[0].Best);
        Assert.Equal(merged.Status.Trials[0], merged.Trials[0].Status);
        Assert.Equal([1, 2], merged.Status.Ranking.Select(r => r.Number));
        Assert.Equal(TrialState.Completed, merged.Status.Trials[0].State);
    }

    [Fact]
    public void Csv_results_rank_best_first_and_leave_trials_never_at_full_eps_unranked()
    {
        var results = SweepResultsSamples.Results("csv",
            SweepResultsSamples.Trial("csv", 1, "vanilla", [SweepResultsSamples.Epoch(1, 4, 0.9)], TrialState.Cancelled),
            SweepResultsSamples.Trial("csv", 2, "fast", Falling.Select((v, i) => SweepResultsSamples.Epoch(i + 1, 4, v)).ToList()),
            SweepResultsSamples.Trial("csv", 3, "fast", [SweepResultsSamples.Epoch(1, 4, 0.9), SweepResultsSamples.Epoch(2, 4, 0.4)]));

        var lines = SweepResultsTable.Csv(results.Status).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r').Split(',')).ToList();

        Assert.Equal(SweepResultsTable.CsvColumns(results.Status), lines[0]);
        Assert.Equal(["rank", "trial_id", "number", "model", "method", "warmup", "lambda", "seed", "state"], lines[0].Take(9));
        var verified = Array.IndexOf(lines[0], "best_verified_error");
        Assert.Equal(["1,csv/0003,0.4", "2,csv/0002,0.5", ",csv/0001,"], lines.Skip(1).Select(l => $"{l[0]},{l[1]},{l[verified]}"));
        Assert.Equal(("cancelled", "vanilla", string.Empty), (lines[3][8], lines[3][4], lines[3][6]));
    }

    [Fact]
    public void Pgd_error_reads_back_from_the_results_file_and_reaches_the_report_the_table_and_the_csv()
    {
        // Measured after epochs 2 and 4 (pgd.every 2), not after epochs 1 and 3.
        var epochs = Falling.Select((v, i) => SweepResultsSamples.Epoch(i + 1, 4, v) is var e && e.Epoch % 2 == 0 ? e with { PgdError = v - 0.2 } : e).ToList();
        var trial = SweepResultsSamples.Trial("pgd", 1, "mtl-ibp", epochs);
        var results = SweepResultsSamples.Results("pgd",
            trial with { Status = trial.Status with { PgdError = 0.4, PgdEpoch = 4 } },
            SweepResultsSamples.Trial("pgd", 2, "fast", [SweepResultsSamples.Epoch(1, 4, 0.9), SweepResultsSamples.Epoch(2, 4, 0.8)]));
        var directory = Directory.CreateTempSubdirectory("certsweep-pgd-").FullName;
        var path = Path.Combine(directory, ResultsFile.Name);

        ResultsFile.Write(path, results);
        Assert.Null(ResultsFile.Read(path, out var read));
        Assert.Equal([null, 0.5, null, 0.4], read!.Trials[0].Epochs.Select(e => e.PgdError).Select(v => v is { } x ? Math.Round(x, 9) : (double?)null));
        Assert.Equal((0.4, 4), (read.Status.Trials[0].PgdError, read.Status.Trials[0].PgdEpoch));

        var report = read.ToReport();
        Assert.Equal("mtl-ibp", report.Trials[0].Method);
        Assert.Equal(4, report.Trials[0].LastPgdAtFullEps!.Epoch);
        var rendered = SweepReportWriter.Write(report, Path.Combine(directory, "report"));
        var markdown = File.ReadAllText(rendered.MarkdownPath);
        Assert.Contains("| verified error (IBP) | clean error | PGD error | final verified error (IBP) |", markdown);
        Assert.Contains("| 3 | 50.00 % | 25.00 % | 40.00 % | 60.00 % |", markdown);
        Assert.Contains("![Test PGD error per trial over epochs](pgd-error.png)", markdown);
        Assert.Contains(Path.Combine(directory, "report", SweepReportWriter.PgdErrorPlot), rendered.PlotPaths);

        var axes = AxisColumns.Of(read.Status.Trials.Select(t => t.Axes));
        Assert.Contains("last pgd", SweepResultsTable.Headers(axes, read.Status));
        Assert.Contains(SweepResultsTable.Rows(read.Status, axes), row => row.Contains($"{CellFormat.Percent(0.4)} (epoch 4)"));
        var lines = SweepResultsTable.Csv(read.Status).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r').Split(',')).ToList();
        var (pgdEpoch, pgd) = (Array.IndexOf(lines[0], "last_pgd_epoch"), Array.IndexOf(lines[0], "last_pgd_error"));
        Assert.Equal(["4,0.4", ","], lines.Skip(1).Select(l => $"{l[pgdEpoch]},{l[pgd]}"));
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("examples/fashion-mnist-quick.yaml", "fashion-mnist-quick-")]
    [InlineData("/tmp/my sweep (v2).yaml", "my-sweep--v2--")]
    [InlineData("-", "sweep-")]
    [InlineData("___.json", "sweep-")]
    public void Default_sweep_ids_name_the_spec_file_and_are_valid_ids(string file, string prefix)
    {
        var id = DefaultSweepId.For(file, new DateTimeOffset(2025, 3, 1, 14, 2, 7, TimeSpan.Zero));

        Assert.StartsWith($"{prefix}20250301-140207-", id, StringComparison.Ordinal);
        Assert.True(SweepIds.IsValid(id), id);
    }

    [Fact]
    public void The_client_defaults_are_the_silo_defaults()
    {
        var silo = new CertsweepSiloOptions();

        Assert.Equal(Certsweep.Client.Connection.ClientSettings.DefaultServiceId, silo.ServiceId);
        Assert.Equal(Certsweep.Client.Connection.ClientSettings.DefaultClusterId, silo.ClusterId);
        Assert.Equal(Certsweep.Client.Connection.ClusterAddress.DefaultGatewayPort, silo.GatewayPort);
    }

    [Fact]
    public void A_moved_trial_counts_the_time_of_every_attempt_and_keeps_its_first_start()
    {
        var first = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var trial = SweepResultsSamples.Trial("moved", 1, "fast", Falling.Select((v, i) => SweepResultsSamples.Epoch(i + 1, 4, v)).ToList());
        // Ten minutes on one silo, handed back, two minutes pending, five minutes on another silo.
        var handedBack = trial.Status.StartingAttempt(first).EndingAttempt(first.AddMinutes(10)) with { State = TrialState.Pending };
        var resumed = handedBack.StartingAttempt(first.AddMinutes(12)) with { State = TrialState.Running, Attempt = 2, UpdatedAt = first.AddMinutes(14) };
        var done = resumed.EndingAttempt(first.AddMinutes(17)) with { State = TrialState.Completed, FinishedAt = first.AddMinutes(17), UpdatedAt = first.AddMinutes(17) };
        var running = SweepResultsSamples.Results("moved", trial with { Status = resumed }).Status;
        var finished = SweepResultsSamples.Results("moved", trial with { Status = done }).Status;

        var axes = AxisColumns.Of(finished.Trials.Select(t => t.Axes));
        Assert.Equal("12m00s", SweepResultsTable.Rows(running, axes)[0][^1]);
        Assert.Equal("15m00s", SweepResultsTable.Rows(finished, axes)[0][^1]);
        var csv = SweepResultsTable.Csv(finished).TrimEnd().Split('\n').Select(l => l.TrimEnd('\r').Split(',')).ToList();
        var startedAt = SweepResultsTable.CsvColumns(finished).ToList().IndexOf("started_at");
        Assert.Equal(first, DateTimeOffset.Parse(csv[1][startedAt], System.Globalization.CultureInfo.InvariantCulture));
    }
}
