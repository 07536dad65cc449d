using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Metrics;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Observability.Tests.Infrastructure;

namespace Certsweep.Observability.Tests;

/// <summary>
/// What a real Prometheus scraped from a real silo while it ran a sweep: every expression of the shipped dashboard
/// and alert rules returns series for the sweep, the values are the sweep's results, every metric is documented,
/// and a finished trial's series leave /metrics after the grace period.
/// </summary>
public sealed partial class SweepMetricsTests(ObservedSweepFixture fixture) : IClassFixture<ObservedSweepFixture>
{
    private const string Sweep = ObservedSweepFixture.SweepId;

    /// <summary>Every label of a trial's series: the scrape's and exporter's (instance, job, silo, otel_scope_name), the
    /// trial's identity, and one per parameter a sweep may vary that applies to the trial (Prometheus drops the empty
    /// label of one that does not, e.g. MTL-IBP's alpha on a fast trial).</summary>
    private static string[] TrialLabels(TrialConfig config) =>
    [
        "__name__", "sweep", "trial", "dataset", "device", "otel_scope_name", "instance", "job", "silo",
        .. Parameters.OfScope(ParameterScope.Trial).Where(p => p.Sweepable && config.Values.Find(p) is not null).Select(TrialSeries.LabelName),
    ];

    [Fact]
    public async Task Every_dashboard_expression_returns_series_for_the_sweep()
    {
        var expressions = ShippedQueries.DashboardExpressions();
        Assert.True(expressions.Count >= 20, $"the dashboard has only {expressions.Count} queries");
        var problems = new List<string>();
        foreach (var (panel, expression) in expressions.Where(e => !IsGpu(e.Expression)))
        {
            var query = ShippedQueries.ForSweep(expression, Sweep);
            var series = await RangeAsync(query);
            if (series.Count == 0)
            {
                problems.Add($"'{panel}': {query} returned no series");
            }
            else if (expression.Contains("$sweep", StringComparison.Ordinal) && series.Any(s => s.TryGetValue("sweep", out var sweep) && sweep != Sweep))
            {
                problems.Add($"'{panel}': {query} returned series of another sweep");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void A_cpu_silo_exports_no_gpu_memory_so_the_dashboards_gpu_panel_stays_empty()
    {
        Assert.Contains(ShippedQueries.DashboardExpressions(), e => IsGpu(e.Expression));
        Assert.DoesNotContain("certsweep_gpu_", fixture.MetricsAtEnd, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sweep_selector_lists_both_sweeps()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFiles.Dashboard))!;
        var variable = dashboard["templating"]!["list"]!.AsArray().Single(v => (string)v!["name"]! == "sweep")!;
        Assert.Equal((string)variable["definition"]!, (string)variable["query"]!);
        var match = LabelValues().Match((string)variable["definition"]!);
        Assert.True(match.Success, $"the sweep variable is not a label_values query: {variable["definition"]}");
        Assert.Equal("sweep", match.Groups["label"].Value);

        var sweeps = await fixture.Prometheus.LabelValuesAsync("sweep", match.Groups["metric"].Value);

        Assert.Contains(Sweep, sweeps);
        Assert.Contains(ObservedSweepFixture.FailingSweepId, sweeps);
    }

    [Fact]
    public async Task Every_alert_selects_the_sweeps_series_and_a_failed_trial_fires_its_alert()
    {
        var alerts = ShippedQueries.AlertExpressions();
        Assert.Equal(["CertsweepTrialFailed", "CertsweepTrialDiverged", "CertsweepSiloDown", "CertsweepTrialStalled", "CertsweepSweepStalled"], alerts.Select(a => a.Alert));
        var problems = new List<string>();
        foreach (var (alert, expression) in alerts)
        {
            // The rules' 10-minute windows shrink to the seconds this sweep ran.
            var query = ShippedQueries.WithoutThreshold(ShippedQueries.Shortened(expression, "3s"));
            if (query is null)
            {
                problems.Add($"{alert}: no threshold at the top level of {expression}");
                continue;
            }

            var series = await RangeAsync(query);
            if (series.Count == 0 || (expression.Contains("certsweep_", StringComparison.Ordinal) && !series.Any(s => s.GetValueOrDefault("sweep") == Sweep)))
            {
                problems.Add($"{alert}: {query} returned no series for sweep {Sweep}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.NotEmpty(await RangeAsync($"ALERTS{{alertname=\"CertsweepTrialFailed\", sweep=\"{ObservedSweepFixture.FailingSweepId}\"}}"));
        Assert.Empty(await RangeAsync($"ALERTS{{sweep=\"{Sweep}\", alertstate=\"firing\"}}"));
    }

    [Fact]
    public async Task Trial_series_carry_the_trials_axes_and_nothing_unbounded()
    {
        var series = await RangeAsync($"certsweep_trial_epoch{{sweep=\"{Sweep}\"}}");

        Assert.Equal(["0001", "0002", "0003", "0004"], series.Select(s => s["trial"]).Order());
        foreach (var s in series)
        {
            var config = fixture.Results.Trials.Single(h => h.Status.Number == int.Parse(s["trial"], CultureInfo.InvariantCulture)).Config!;
            Assert.Equal(TrialLabels(config).Order(), s.Keys.Order());
            Assert.DoesNotContain(TrialSeries.LabelName(Parameters.Alpha), s.Keys);
            Assert.Equal((config.Get(Parameters.Model), "fast", config.Values[Parameters.Lambda].Written, config.Values[Parameters.Warmup].Written, "1", "synthetic", "cpu", "schedule_start"),
                (s["model"], s["method"], s["lambda"], s["warmup"], s["seed"], s["dataset"], s["device"], TrialSeries.LabelName(Parameters.ScheduleStart)));
        }

        var relus = await RangeAsync($"certsweep_trial_relu_ratio{{sweep=\"{Sweep}\", trial=\"0001\"}}");
        Assert.Equal(["test/active", "test/inactive", "test/unstable", "train/active", "train/inactive", "train/unstable"],
            relus.Select(s => $"{s["split"]}/{s["relu"]}").Order());
    }

    [Fact]
    public async Task The_exported_values_are_the_sweeps_results()
    {
        var results = fixture.Results;
        var epochs = fixture.Spec.Get(Parameters.Epochs);
        Assert.Equal(4, results.Status.Counts.Completed);
        foreach (var history in results.Trials)
        {
            var trial = history.Status.Number.ToString("D4", CultureInfo.InvariantCulture);
            var last = history.Epochs[^1];
            Assert.Equal(last.Test.VerifiedError!.Value, await LastAsync($"certsweep_trial_final_verified_error_ratio{{sweep=\"{Sweep}\", trial=\"{trial}\"}}"), 9);
            Assert.Equal(last.Test.CleanError, await LastAsync($"certsweep_trial_clean_error_ratio{{sweep=\"{Sweep}\", trial=\"{trial}\", split=\"test\"}}"), 9);
            Assert.Equal(last.Train.RobustLoss!.Value, await LastAsync($"certsweep_trial_robust_loss{{sweep=\"{Sweep}\", trial=\"{trial}\", split=\"train\"}}"), 9);
            Assert.Equal(last.Eps, await LastAsync($"certsweep_trial_eps{{sweep=\"{Sweep}\", trial=\"{trial}\"}}"), 9);
            Assert.Equal(epochs, await LastAsync($"certsweep_trial_epoch{{sweep=\"{Sweep}\", trial=\"{trial}\"}}"));

            // 2,048 training samples in batches of 32: 64 batches an epoch.
            Assert.Equal(epochs * 64, await LastAsync($"certsweep_trial_batches_total{{sweep=\"{Sweep}\", trial=\"{trial}\"}}"));
        }

        Assert.Equal(results.Status.Trials.Min(t => t.Best!.VerifiedError), await LastAsync($"certsweep_sweep_best_verified_error_ratio{{sweep=\"{Sweep}\"}}"), 9);
        Assert.Equal(4, await LastAsync($"certsweep_sweep_trials{{sweep=\"{Sweep}\", state=\"completed\"}}"));
        Assert.Equal(1, await LastAsync($"certsweep_sweep_trials{{sweep=\"{ObservedSweepFixture.FailingSweepId}\", state=\"failed\"}}"));
        Assert.Equal(4, await LastAsync("certsweep_silo_trial_attempts_total{outcome=\"completed\"}"));
        Assert.Equal(1, await LastAsync("certsweep_silo_trial_attempts_total{outcome=\"failed\"}"));
        Assert.Equal(4 * epochs, await LastAsync("sum(certsweep_epoch_duration_seconds_count{model=\"cnn_4layer_bn\", dataset=\"synthetic\", device=\"cpu\"})"));
        Assert.True(await LastAsync("certsweep_checkpoint_write_duration_seconds_count") >= 4 * epochs, "every epoch writes a checkpoint");
        Assert.Equal(2, await LastAsync("certsweep_device_slots{device=\"cpu\"}"));
        Assert.Equal(2, await MaxAsync("certsweep_device_slots_busy{device=\"cpu\"}"));
        Assert.Equal(0, await LastAsync("certsweep_device_slots_busy{device=\"cpu\"}"));
    }

    [Fact]
    public async Task Every_certsweep_metric_is_documented_and_every_documented_one_is_exported()
    {
        var documented = MetricName().Matches(await File.ReadAllTextAsync(RepositoryFiles.MetricsDoc)).Select(m => m.Groups["name"].Value).ToHashSet();
        var stored = await fixture.Prometheus.LabelValuesAsync("__name__", "{__name__=~\"certsweep_.+\"}");

        // A histogram is stored as _bucket, _sum and _count series; the OpenMetrics scrape adds _created to counters
        // (in place of _total) and histograms.
        static string[] Family(string series) => [series, FamilySuffix().Replace(series, string.Empty), FamilySuffix().Replace(series, string.Empty) + "_total"];
        var undocumented = stored.Where(n => !Family(n).Any(documented.Contains)).ToList();
        var neverExported = documented.Where(n => !IsGpu(n) && !stored.Any(s => Family(s).Contains(n))).ToList();

        Assert.True(undocumented.Count == 0, $"not in docs/metrics.md: {string.Join(", ", undocumented)}");
        Assert.True(neverExported.Count == 0, $"documented but never exported: {string.Join(", ", neverExported)}");
    }

    [Fact]
    public async Task A_finished_trials_series_leave_metrics_after_the_grace_period()
    {
        // Right after the sweeps ended, the series of trials that ended less than the grace period before were there.
        var recent = fixture.Results.Status.Trials.Where(t => t.FinishedAt > fixture.MetricsAtEndTime - ObservedSweepFixture.Grace + TimeSpan.FromSeconds(1)).ToList();
        Assert.NotEmpty(recent);
        foreach (var trial in recent)
        {
            Assert.Contains(SeriesOf(fixture.MetricsAtEnd, $"trial=\"{trial.Number:D4}\""), line => line.Contains($"sweep=\"{Sweep}\"", StringComparison.Ordinal));
        }

        var deadline = fixture.LastTrialFinished + ObservedSweepFixture.Grace + TimeSpan.FromSeconds(20);
        string metrics;
        while (true)
        {
            metrics = await fixture.Silo.ScrapeAsync();
            if (!metrics.Contains($"sweep=\"{Sweep}\"", StringComparison.Ordinal) && !metrics.Contains($"sweep=\"{ObservedSweepFixture.FailingSweepId}\"", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline,
                $"series of the finished sweeps are still on /metrics {ObservedSweepFixture.Grace} after they ended:{Environment.NewLine}"
                + string.Join(Environment.NewLine, SeriesOf(metrics, "sweep=\"observed")));
            await Task.Delay(500);
        }

        Assert.True(DateTimeOffset.UtcNow - fixture.LastTrialFinished >= ObservedSweepFixture.Grace, "series left before their grace period ended");
        Assert.Contains("certsweep_device_slots{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_readiness_answer_while_the_silo_is_active()
    {
        var health = await fixture.Silo.Http.GetAsync("healthz");
        var ready = await fixture.Silo.Http.GetAsync("readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", await ready.Content.ReadAsStringAsync());
    }

    private static bool IsGpu(string expression) => expression.Contains("certsweep_gpu_", StringComparison.Ordinal);

    private static IEnumerable<string> SeriesOf(string metrics, string containing) =>
        metrics.Split('\n').Where(l => !l.StartsWith('#') && l.Contains(containing, StringComparison.Ordinal));

    private Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> RangeAsync(string query) =>
        fixture.Prometheus.QueryRangeAsync(query, fixture.Start.AddSeconds(-5), fixture.End, TimeSpan.FromSeconds(1));

    /// <summary>The last value of a single series in the test's window.</summary>
    private Task<double> LastAsync(string selector) => SingleAsync($"last_over_time(({selector})[10m:1s])");

    private Task<double> MaxAsync(string selector) => SingleAsync($"max_over_time(({selector})[10m:1s])");

    private async Task<double> SingleAsync(string query)
    {
        var result = await fixture.Prometheus.QueryAsync(query, fixture.End);
        Assert.True(result.Count == 1, $"{query} returned {result.Count} series");
        return result[0].Value;
    }

    [GeneratedRegex(@"^label_values\((?<metric>[^,]+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"`(?<name>certsweep_[a-z0-9_]+)`")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count|created)$")]
    private static partial Regex FamilySuffix();
}
