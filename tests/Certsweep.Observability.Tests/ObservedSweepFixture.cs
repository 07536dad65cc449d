using Certsweep.Contracts.Sweeps;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Observability.Tests.Infrastructure;
using Certsweep.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Certsweep.Observability.Tests;

/// <summary>
/// A real silo (2 CPU slots) scraped every second by a real Prometheus that runs the shipped prometheus.yml (its
/// targets pointed at the silo) and the shipped alert rules; on it, a small sweep that completes (synthetic data,
/// cnn_4layer_bn, 2 lambdas x 2 warmups, 8 epochs of 64 batches: each trial runs about 6 s on the project's machine, so
/// that one-second scrapes see every trial run, and for longer than the 3-second windows of the shortened alert rules) and a sweep whose one trial fails (its data set is missing, no
/// retries). Both have run to the end when the tests start; <see cref="MetricsAtEnd"/> is the silo's /metrics then.
/// </summary>
public sealed class ObservedSweepFixture : IAsyncLifetime
{
    /// <summary>The silo's --metrics-grace: long enough for a few scrapes of a finished trial, short for the test.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(8);

    public const string SweepId = "observed";

    public const string FailingSweepId = "observed-failing";

    public const string SiloJob = "certsweep-silo";

    private InProcessSilo? _silo;
    private PrometheusServer? _prometheus;

    public InProcessSilo Silo => _silo!;

    public PrometheusServer Prometheus => _prometheus!;

    public SweepSpec Spec { get; } = SweepSpec.Of(
        [
            Parameters.Name.Set("observed"),
            Parameters.Dataset.Set(KnownDatasets.Synthetic),
            Parameters.TrainLimit.Set(2048),
            Parameters.TestLimit.Set(64),
            Parameters.Eps.Set(0.1),
            Parameters.Epochs.Set(8),
            Parameters.BatchSize.Set(32),
            Parameters.LrMilestones.Set([]),
            Parameters.Retries.Set(0),
            Parameters.Model.Set(KnownModels.CnnFourLayerBn),
            Parameters.Method.Set("fast"),
            Parameters.FinalCertify.Set("crown"),
            Parameters.Seed.Set(1),
            Parameters.PgdSteps.Set(3),
            Parameters.PgdEvery.Set(4),
        ],
        SweepAxis.Of(Parameters.Lambda, 0.2, 0.5),
        SweepAxis.Of(Parameters.Warmup, 1, 2));

    /// <summary>When the sweeps were submitted and when the fixture stopped waiting (both ended and scraped).</summary>
    public DateTimeOffset Start { get; private set; }

    public DateTimeOffset End { get; private set; }

    /// <summary>When the last trial of either sweep finished (the grace period counts from there at the latest).</summary>
    public DateTimeOffset LastTrialFinished { get; private set; }

    public SweepResults Results { get; private set; } = null!;

    public SweepStatus FailingStatus { get; private set; } = null!;

    public string MetricsAtEnd { get; private set; } = string.Empty;

    public DateTimeOffset MetricsAtEndTime { get; private set; }

    public async Task InitializeAsync()
    {
        _silo = await InProcessSilo.StartAsync(cpuSlots: 2, "--metrics-grace", Grace.ToString("c"));
        _prometheus = await PrometheusServer.StartWithConfigurationAsync(TestConfiguration(_silo.Target));
        await Eventually(async () => (await _prometheus.QueryRangeAsync($"up{{job=\"{SiloJob}\"}} == 1", DateTimeOffset.UtcNow.AddSeconds(-2), DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1))).Count > 0,
            TimeSpan.FromSeconds(30), "Prometheus to scrape the silo");

        Start = DateTimeOffset.UtcNow;
        var failing = Spec.With(Parameters.Name.Set("observed-failing"), Parameters.Dataset.Set(KnownDatasets.Mnist))
            .With(SweepAxis.Of(Parameters.Lambda, 0.2))
            .With(SweepAxis.Of(Parameters.Warmup, 1));
        var coordinator = _silo.Client.GetGrain<ISweepCoordinatorGrain>(SweepId);
        var failingCoordinator = _silo.Client.GetGrain<ISweepCoordinatorGrain>(FailingSweepId);
        Assert.Equal(SubmitOutcome.Created, (await failingCoordinator.Submit(failing)).Outcome);
        Assert.Equal(SubmitOutcome.Created, (await coordinator.Submit(Spec)).Outcome);
        await Eventually(async () => (await coordinator.GetStatus()).State != SweepState.Running && (await failingCoordinator.GetStatus()).State != SweepState.Running,
            TimeSpan.FromMinutes(3), "both sweeps to finish");
        Results = await coordinator.GetResults();
        FailingStatus = await failingCoordinator.GetStatus();
        LastTrialFinished = Results.Status.Trials.Concat(FailingStatus.Trials).Max(t => t.FinishedAt ?? DateTimeOffset.UtcNow);
        MetricsAtEndTime = DateTimeOffset.UtcNow;
        MetricsAtEnd = await _silo.ScrapeAsync();

        // Two more scrapes see the final values.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        End = DateTimeOffset.UtcNow;
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    /// <summary>The shipped prometheus.yml with the silo job's static targets pointed at <paramref name="target"/>, a
    /// one-second scrape and evaluation interval, and the shipped alert rules by absolute path.</summary>
    private static string TestConfiguration(string target)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(RepositoryFiles.PrometheusConfig))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var global = (YamlMappingNode)root["global"];
        global.Children[new YamlScalarNode("scrape_interval")] = new YamlScalarNode("1s");
        global.Children[new YamlScalarNode("evaluation_interval")] = new YamlScalarNode("1s");
        root.Children[new YamlScalarNode("rule_files")] = new YamlSequenceNode(new YamlScalarNode(RepositoryFiles.AlertRules));
        var jobs = (YamlSequenceNode)root["scrape_configs"];
        var silos = jobs.Cast<YamlMappingNode>().Single(j => ((YamlScalarNode)j["job_name"]).Value == SiloJob);
        silos.Children[new YamlScalarNode("static_configs")] =
            new YamlSequenceNode(new YamlMappingNode(new YamlScalarNode("targets"), new YamlSequenceNode(new YamlScalarNode(target))));
        using var writer = new StringWriter();
        yaml.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static async Task Eventually(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(200);
        }
    }
}
