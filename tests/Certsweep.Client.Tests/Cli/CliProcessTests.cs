using System.Text.Json;
using Certsweep.Client.Specs;
using Certsweep.Client.Tests.Specs;

namespace Certsweep.Client.Tests.Cli;

/// <summary>The built <c>certsweep</c> run as a process: exit codes, stdout/stderr, JSON output, config.</summary>
public sealed class CliProcessTests : IDisposable
{
    private readonly CertsweepProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string> ProcessCases() => new(
        "unknown model", "non-numeric lambda", "warmup longer than the run", "malformed YAML: unclosed list",
        "malformed JSON: trailing comma", "duplicate key in JSON", "distribution under grid search", "random search without a trial count",
        "empty file", "unknown top-level key", "lr milestone past the last epoch", "method item value a component does not allow");

    [Theory]
    [MemberData(nameof(ProcessCases))]
    public void A_bad_spec_exits_2_with_one_error_naming_field_and_value(string name)
    {
        var bad = BadSpecs.All.Single(b => b.Name == name);
        var file = _cli.WriteFile($"bad{(bad.Format == SpecFormat.Json ? ".json" : ".yaml")}", bad.Text);

        var run = _cli.Run("spec", "validate", file);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n'), line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains($"{bad.Field}: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(bad.Value, run.Stderr, StringComparison.Ordinal);
        Assert.True(run.Stderr.Contains("allowed: ", StringComparison.Ordinal) || run.Stderr.Contains("not well-formed", StringComparison.Ordinal), run.Stderr);
    }

    [Fact]
    public void The_configured_trial_limit_applies()
    {
        var bad = BadSpecs.All.Single(b => b.Name == "grid larger than the configured limit");
        var file = _cli.WriteFile("big.yaml", bad.Text);

        Assert.Equal(ExitCodes.Success, _cli.Run("spec", "validate", file).ExitCode);
        _cli.WriteConfig("max_trials: 10\n");
        var limited = _cli.Run("spec", "validate", file);
        var overridden = _cli.Run("spec", "validate", file, "--max-trials", "12");

        Assert.Equal(ExitCodes.InvalidInput, limited.ExitCode);
        Assert.Contains("axes: a grid of 12 trials is not allowed; allowed: at most 10 trials (raise the limit with --max-trials or max_trials in the client config, or shrink an axis)", limited.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, overridden.ExitCode);
    }

    [Fact]
    public void Train_refuses_lr_milestones_out_of_order_before_it_starts()
    {
        var run = _cli.Run("train", "--dataset", "synthetic", "--eps", "0.1", "--epochs", "30", "--lr-milestones", "8,5", "--out", Path.Combine(Path.GetTempPath(), "certsweep-never-written"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("error: --lr-milestones 8,5 is not allowed; allowed: a list of at most 100 integers from 1 to 10000 (epochs), ascending, each once (possibly empty)", run.Stderr.Trim());
    }

    [Fact]
    public void Json_output_of_an_invalid_spec_lists_every_problem_with_its_position()
    {
        var file = _cli.WriteFile("bad.yaml", "dataset: imagenet\neps: 2\nepochs: 10\naxes: {warmup: 5}\n");

        var run = _cli.Run("spec", "validate", file, "--output", "json");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.False(document.RootElement.GetProperty("valid").GetBoolean());
        var errors = document.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(["dataset", "eps"], errors.Select(e => e.GetProperty("field").GetString()));
        Assert.Equal("imagenet", errors[0].GetProperty("value").GetString());
        Assert.Equal(1, errors[0].GetProperty("position").GetProperty("line").GetInt32());
        Assert.Equal(10, errors[0].GetProperty("position").GetProperty("column").GetInt32());
    }

    [Fact]
    public void Validate_prints_trial_count_and_axes_as_text_and_json()
    {
        var quick = Path.Combine("examples", "fashion-mnist-quick.yaml");

        var text = _cli.Run("spec", "validate", quick);
        var json = _cli.Run("spec", "validate", quick, "--output", "json");

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.StartsWith($"{quick}: valid: 3 trials (grid search of 4 combinations", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("method    vanilla, fast", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text.Stdout, StringComparison.Ordinal);
        Assert.Empty(text.Stderr);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(3, document.RootElement.GetProperty("trials").GetInt32());
        Assert.Equal(4, document.RootElement.GetProperty("grid_size").GetInt32());
        Assert.Equal("grid", document.RootElement.GetProperty("search").GetString());
    }

    [Fact]
    public void Expand_lists_the_trials_for_people_and_scripts()
    {
        var quick = Path.Combine("examples", "fashion-mnist-quick.json");

        var text = _cli.Run("spec", "expand", quick);
        var json = _cli.Run("spec", "expand", quick, "--output", "json");

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Equal(4, text.Stdout.Trim().Split('\n').Length); // header + 3 trials
        using var document = JsonDocument.Parse(json.Stdout);
        var trials = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(["vanilla", "fast", "fast"], trials.Select(t => t.GetProperty("method").GetString()));
        Assert.Equal([null, 0.1, 0.5], trials.Select(t => t.TryGetProperty("lambda", out var lambda) ? lambda.GetDouble() : (double?)null));
        Assert.Equal([3, 3, 3], trials.Select(t => t.GetProperty("warmup").GetInt32()));
    }

    [Fact]
    public void A_spec_can_come_from_standard_input()
    {
        var run = _cli.RunWithInput(null, "{\"dataset\": \"mnist\", \"eps\": 0.4, \"epochs\": 70}", "spec", "validate", "-");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith("-: valid: 1 trial", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_schema_prints_the_repository_schema()
    {
        var run = _cli.Run("spec", "schema");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(File.ReadAllText(RepositoryFiles.Schema), run.Stdout);
    }

    [Fact]
    public void Version_and_help_work_everywhere()
    {
        var version = _cli.Run("--version");
        Assert.Equal(ExitCodes.Success, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout);

        foreach (var verb in new[] { Array.Empty<string>(), ["train"], ["spec"], ["spec", "validate"], ["spec", "expand"], ["spec", "schema"], ["config", "show"] })
        {
            var help = _cli.Run([.. verb, "--help"]);
            Assert.Equal(ExitCodes.Success, help.ExitCode);
            Assert.Contains("Usage:", help.Stdout, StringComparison.Ordinal);
            Assert.Contains("--output", help.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("spec", "validate", "x.yaml", "--bogus")]
    [InlineData("spec", "validate")]
    [InlineData("spec")]
    [InlineData("spec", "validate", "x.yaml", "--output", "xml")]
    [InlineData("spec", "validate", "x.yaml", "--max-trials", "many")]
    public void Usage_mistakes_are_one_error_and_exit_code_2(params string[] args)
    {
        var run = _cli.Run(args);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Config_show_reports_the_cluster_and_where_it_came_from()
    {
        var none = Show(null);
        Assert.Equal(JsonValueKind.Undefined, none.TryGetProperty("cluster", out var c) ? c.ValueKind : JsonValueKind.Undefined);
        Assert.Equal("none", none.GetProperty("cluster_origin").GetString());

        var configPath = _cli.WriteConfig("cluster: localhost:30001\nservice_id: lab\n");
        var fromFile = Show(null);
        Assert.Equal(("localhost:30001", "localhost", configPath, "lab"),
            (fromFile.GetProperty("cluster").GetString(), fromFile.GetProperty("cluster_kind").GetString(), fromFile.GetProperty("cluster_origin").GetString(), fromFile.GetProperty("service_id").GetString()));

        var fromEnvironment = Show(new Dictionary<string, string> { ["CERTSWEEP_CLUSTER"] = "redis://:pw@redis.lab:6380" });
        Assert.Equal(("redis://:***@redis.lab:6380", "redis", "CERTSWEEP_CLUSTER"),
            (fromEnvironment.GetProperty("cluster").GetString(), fromEnvironment.GetProperty("cluster_kind").GetString(), fromEnvironment.GetProperty("cluster_origin").GetString()));

        var fromOption = Show(new Dictionary<string, string> { ["CERTSWEEP_CLUSTER"] = "redis://redis.lab" }, "--cluster", "localhost");
        Assert.Equal(("localhost:30000", "--cluster"), (fromOption.GetProperty("cluster").GetString(), fromOption.GetProperty("cluster_origin").GetString()));
    }

    [Fact]
    public void A_bad_cluster_address_is_exit_code_2_naming_its_source()
    {
        var run = _cli.Run(new Dictionary<string, string> { ["CERTSWEEP_CLUSTER"] = "redis.lab:6379" }, "config", "show");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith("error: $CERTSWEEP_CLUSTER: redis.lab:6379 is not a cluster address; allowed: redis://host[:port]", run.Stderr, StringComparison.Ordinal);
    }

    private JsonElement Show(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var run = _cli.Run(environment, ["config", "show", "--output", "json", .. args]);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        return JsonDocument.Parse(run.Stdout).RootElement.Clone();
    }
}
