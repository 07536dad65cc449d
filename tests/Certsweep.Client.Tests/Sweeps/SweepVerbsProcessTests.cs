using System.Text.Json;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;
using Certsweep.Hyperparameters;

namespace Certsweep.Client.Tests.Sweeps;

/// <summary>
/// The cluster verbs end to end: the built certsweep run as a process against a real certsweep-silo process
/// (localhost clustering, 2 CPU slots), on sweeps of tiny trials. The tests of this class share the silo and run
/// one after another.
/// </summary>
public sealed class SweepVerbsProcessTests(SiloProcessFixture silo) : IClassFixture<SiloProcessFixture>, IDisposable
{
    private readonly CertsweepProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void A_submitted_sweep_is_watched_to_its_end_and_its_results_come_out_in_every_format()
    {
        var spec = _cli.WriteFile("tiny.yaml", TinySpecs.Four());

        var submit = Cli("sweep", "submit", spec, "--id", "e2e");
        Assert.Equal(ExitCodes.Success, submit.ExitCode);
        Assert.StartsWith("submitted sweep e2e to the localhost gateway", submit.Stdout, StringComparison.Ordinal);

        var watch = Cli("sweep", "status", "e2e", "--watch");
        Assert.Equal(ExitCodes.Success, watch.ExitCode);
        Assert.Contains("sweep e2e (tiny): completed - 4 trials", watch.Stdout, StringComparison.Ordinal);
        Assert.Contains("results of sweep e2e (tiny): completed, 4 of 4 trials ranked", watch.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", watch.Stdout, StringComparison.Ordinal);

        var csv = Cli("sweep", "results", "e2e", "--format", "csv");
        var lines = csv.Stdout.TrimEnd().Split('\n').Select(l => l.Split(',')).ToList();
        Assert.Equal(["rank", "trial_id", "number", "model", "method", "warmup", "lambda", "seed", "state"], lines[0].Take(9));
        var rows = lines.Skip(1).Select(cells => lines[0].Zip(cells).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(["e2e/0001", "e2e/0002", "e2e/0003", "e2e/0004"], rows.Select(r => r["trial_id"]).Order());
        Assert.Equal(["1", "2", "3", "4"], rows.Select(r => r["rank"]));
        Assert.All(rows, r =>
        {
            Assert.Equal(("completed", "2", "2"), (r["state"], r["epochs_done"], r["best_epoch"]));
            Assert.InRange(double.Parse(r["best_verified_error"], System.Globalization.CultureInfo.InvariantCulture), 0, 1);
        });
        var verified = rows.Select(r => double.Parse(r["best_verified_error"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(verified.Order(), verified);

        using var json = JsonDocument.Parse(Cli("sweep", "results", "e2e", "--format", "json").Stdout);
        Assert.Equal("completed", json.RootElement.GetProperty("status").GetProperty("state").GetString());
        var histories = json.RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(4, histories.Count);
        Assert.All(histories, h => Assert.Equal([1, 2], h.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32())));

        var markdown = Cli("sweep", "results", "e2e", "--format", "markdown").Stdout;
        var table = Cli("sweep", "results", "e2e").Stdout;
        for (var n = 1; n <= 4; n++)
        {
            var rank = rows.Single(r => r["number"] == n.ToString(System.Globalization.CultureInfo.InvariantCulture))["rank"];
            Assert.Contains($"| {rank} | {n} | cnn_4layer_bn |", markdown, StringComparison.Ordinal);
            Assert.Matches($"(?m)^{rank} +{n} +(vanilla|fast) ", table);
        }

        var best = Cli("sweep", "best", "e2e");
        Assert.Contains($"best trial of sweep e2e (4 ranked by verified_error on the test set): {rows[0]["trial_id"]}", best.Stdout, StringComparison.Ordinal);
        var front = rows.Where(r => r["front"] == "1").Select(r => r["number"]).ToList();
        Assert.Contains($"Pareto front (verified_error, clean_error on the test set): trial{(front.Count > 1 ? "s" : string.Empty)} {string.Join(", ", front)}", best.Stdout, StringComparison.Ordinal);
        using var bestJson = JsonDocument.Parse(Cli("sweep", "best", "e2e", "--output", "json").Stdout);
        Assert.Equal(rows[0]["trial_id"], bestJson.RootElement.GetProperty("status").GetProperty("trial_id").GetString());

        var trial = Cli("trial", "show", "e2e/0002");
        Assert.Contains("trial e2e/0002 of sweep e2e", trial.Stdout, StringComparison.Ordinal);
        Assert.Matches("(?m)^1 +0\\.05 ", trial.Stdout);
        Assert.Matches("(?m)^2\\*? +0\\.1 ", trial.Stdout);
        using var trialJson = JsonDocument.Parse(Cli("trial", "show", "e2e/0002", "--output", "json").Stdout);
        Assert.Equal(2, trialJson.RootElement.GetProperty("epochs").GetArrayLength());
        Assert.Equal("vanilla", trialJson.RootElement.GetProperty("status").GetProperty("axes").GetProperty("method").GetString());

        var status = Cli("sweep", "status", "e2e");
        Assert.Matches("(?m)^4 +fast +0\\.5 +2 +completed +#{10} 2/2 ", status.Stdout);

        var list = Cli("sweep", "list");
        Assert.Matches("(?m)^e2e +tiny +completed +4 +4 +0 +0 ", list.Stdout);
    }

    [Fact]
    public async Task Submit_with_watch_follows_the_sweep_to_its_end_and_shows_the_finished_trials()
    {
        var spec = _cli.WriteFile("watched.yaml", TinySpecs.Four("watched"));

        var run = Cli("sweep", "submit", spec, "--id", "watched", "--watch");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Stderr);
        Assert.StartsWith("submitted sweep watched to the localhost gateway", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("sweep watched (watched): completed - 4 trials", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("results of sweep watched (watched): completed, 4 of 4 trials ranked", run.Stdout, StringComparison.Ordinal);
        for (var n = 1; n <= 4; n++)
        {
            Assert.Matches($"(?m)^[1-4] +{n} +(vanilla|fast) .* completed +2/2 ", run.Stdout);
        }

        var status = await silo.Client.GetGrain<ISweepCoordinatorGrain>("watched").GetStatus();
        Assert.Equal((SweepState.Completed, 4), (status.State, status.Counts.Completed));
    }

    [Fact]
    public void Cluster_status_shows_the_silo_and_its_slots()
    {
        var text = Cli("cluster", "status");
        using var json = JsonDocument.Parse(Cli("cluster", "status", "--output", "json").Stdout);

        Assert.Contains(": 1 silo, 2 device slots", text.Stdout, StringComparison.Ordinal);
        var silos = json.RootElement.GetProperty("silos").EnumerateArray().ToList();
        var device = Assert.Single(Assert.Single(silos).GetProperty("devices").EnumerateArray());
        Assert.Equal("cpu", device.GetProperty("name").GetString());
        Assert.Equal(2, device.GetProperty("slots").GetArrayLength());
        Assert.Equal(2, json.RootElement.GetProperty("total_slots").GetInt32());
    }

    [Fact]
    public async Task Resubmitting_the_same_spec_changes_nothing_and_a_different_spec_under_the_id_is_refused()
    {
        var spec = _cli.WriteFile("same.yaml", TinySpecs.Four("same"));
        var other = _cli.WriteFile("other.yaml", TinySpecs.Four("same", seeds: "[1, 3]"));

        var first = Cli("sweep", "submit", spec, "--id", "again", "--output", "json");
        var second = Cli("sweep", "submit", spec, "--id", "again");
        var conflicting = Cli("sweep", "submit", other, "--id", "again");

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        using (var created = JsonDocument.Parse(first.Stdout))
        {
            Assert.Equal("created", created.RootElement.GetProperty("outcome").GetString());
        }

        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Contains("Sweep 'again' already exists with this spec", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("nothing changed", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, conflicting.ExitCode);
        Assert.StartsWith("error: sweep again already exists with a different spec; nothing changed.", conflicting.Stderr, StringComparison.Ordinal);
        var sweeps = await silo.Client.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key).List();
        Assert.Single(sweeps, s => s.SweepId == "again");
        var spec0 = await silo.Client.GetGrain<ISweepCoordinatorGrain>("again").GetSpec();
        Assert.Equal([1, 2], spec0!.AxisOf(Parameters.Seed)!.Values!.Select(v => v[Parameters.Seed].Integer));
    }

    [Fact]
    public async Task Cancel_stops_the_running_trials_and_keeps_what_finished()
    {
        var spec = _cli.WriteFile("long.yaml", TinySpecs.Yaml("long", trainLimit: 1024, epochs: 30));
        Assert.Equal(ExitCodes.Success, Cli("sweep", "submit", spec, "--id", "to-cancel").ExitCode);
        var coordinator = silo.Client.GetGrain<ISweepCoordinatorGrain>("to-cancel");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await coordinator.GetStatus()).Counts.Running == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no trial of the sweep started running within 60 s");
            await Task.Delay(200);
        }

        var cancel = Cli("sweep", "cancel", "to-cancel");
        var again = Cli("sweep", "cancel", "to-cancel");
        var watch = Cli("sweep", "status", "to-cancel", "--watch", "--output", "json");

        Assert.Equal(ExitCodes.Success, cancel.ExitCode);
        Assert.Matches("^cancelled sweep to-cancel: [12] running trials? stopped, [23] pending trials? will not run", cancel.Stdout);
        Assert.Equal("sweep to-cancel has already ended (cancelled); nothing to cancel.", again.Stdout.Trim());
        var status = await coordinator.GetStatus();
        Assert.Equal(SweepState.Cancelled, status.State);
        Assert.Equal(0, status.Counts.Running + status.Counts.Pending);
        Assert.Equal(ExitCodes.Failure, watch.ExitCode);
        Assert.Contains("sweep to-cancel was cancelled", watch.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(watch.Stdout);
        Assert.Equal("cancelled", json.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_bad_spec_is_exit_code_2_and_nothing_reaches_the_cluster()
    {
        var registry = silo.Client.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key);
        var before = await registry.List();
        var bad = _cli.WriteFile("bad.yaml", "dataset: synthetic\neps: 0.1\nepochs: 2\naxes: {lambda: [-1], model: [cnn_9layer], warmup: [1]}\n");

        var submit = Cli("sweep", "submit", bad, "--id", "bad-one");
        var run = Cli("sweep", "run", bad, "--id", "bad-two");

        Assert.Equal(ExitCodes.InvalidInput, submit.ExitCode);
        Assert.StartsWith($"error: {bad} has 2 problems:", submit.Stderr, StringComparison.Ordinal);
        Assert.Contains("axes.lambda[0]: -1 is not allowed", submit.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Empty(submit.Stdout + run.Stdout);
        var after = await registry.List();
        Assert.Equal(before.Select(s => s.SweepId), after.Select(s => s.SweepId));
        Assert.Equal(SweepState.Unknown, (await silo.Client.GetGrain<ISweepCoordinatorGrain>("bad-one").GetStatus()).State);
        Assert.Equal(SweepState.Unknown, (await silo.Client.GetGrain<ISweepCoordinatorGrain>("bad-two").GetStatus()).State);
    }

    [Fact]
    public void Unknown_sweeps_and_trials_are_exit_code_3_naming_where_the_client_looked()
    {
        var status = Cli("sweep", "status", "no-such-sweep");
        var trial = Cli("trial", "show", "no-such-sweep/0001");
        var badId = Cli("trial", "show", "not-a-trial-id");

        Assert.Equal(ExitCodes.Unavailable, status.ExitCode);
        Assert.Equal($"error: there is no sweep 'no-such-sweep' on the localhost gateway on port {silo.GatewayPort}; 'certsweep sweep list' shows the sweeps there.", status.Stderr.Trim());
        Assert.Equal(ExitCodes.Unavailable, trial.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, badId.ExitCode);
    }

    [Fact]
    public void The_cluster_verbs_load_neither_the_trainer_nor_the_aspnet_core_framework()
    {
        // Orleans' client also loads the assemblies with generated serializers that certsweep.dll references
        // (grains, hosting); a cluster-only build (-p:LocalVerbs=false) references none of them.
        var loaded = _cli.WriteFile("loaded.txt", string.Empty);
        foreach (var verb in new[] { new[] { "sweep", "list" }, ["cluster", "status"], ["sweep", "status", "no-such-sweep"] })
        {
            var run = _cli.Run(new Dictionary<string, string> { ["CERTSWEEP_CLUSTER"] = silo.Address, ["CERTSWEEP_LOADED_ASSEMBLIES"] = loaded }, verb);
            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.Unavailable, run.Stderr);
            var assemblies = File.ReadAllLines(loaded).Select(line => line.Split('\t')).ToDictionary(p => p[0], p => p[1]);
            Assert.Contains("Orleans.Core", assemblies.Keys);
            Assert.DoesNotContain(assemblies.Keys, a => a.StartsWith("TorchSharp", StringComparison.Ordinal) || a == "Certsweep.Training");
            Assert.DoesNotContain(assemblies.Values, path => path.Contains($"{Path.DirectorySeparatorChar}Microsoft.AspNetCore.App{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        }
    }

    private CertsweepProcess.Result Cli(params string[] args) =>
        _cli.Run(new Dictionary<string, string> { ["CERTSWEEP_CLUSTER"] = silo.Address }, args);
}
