using System.Diagnostics;
using System.Globalization;
using Certsweep.Hosting;

namespace Certsweep.Client.Tests.Connection;

/// <summary>The cluster verbs when there is no cluster to talk to: unreachable (exit code 3, one message, within
/// seconds) or not configured (exit code 2, the ways to name one); a bad spec is refused before any connection.</summary>
public sealed class ClusterAddressProcessTests : IDisposable
{
    private readonly CertsweepProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("localhost:{0}", "the localhost gateway on port {0}")]
    [InlineData("redis://127.0.0.1:{0}", "the cluster 'certsweep' registered in Redis at redis://127.0.0.1:{0}")]
    public void An_unreachable_cluster_is_one_message_and_exit_code_3_within_seconds(string address, string what)
    {
        var port = FreePorts.Next();
        var clock = Stopwatch.StartNew();

        var run = _cli.Run(new Dictionary<string, string> { ["CERTSWEEP_CLUSTER"] = string.Format(CultureInfo.InvariantCulture, address, port) }, "sweep", "list");

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Empty(run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot reach {string.Format(CultureInfo.InvariantCulture, what, port)}: ", line, StringComparison.Ordinal);
        Assert.Contains("connection refused", line, StringComparison.Ordinal);
        Assert.Contains("To fix: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gateway_named_in_the_config_file_is_used()
    {
        var port = FreePorts.Next();
        _cli.WriteConfig($"cluster: localhost:{port}\n");

        var run = _cli.Run("cluster", "status");

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Contains($"the localhost gateway on port {port}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_cluster_the_cluster_verbs_say_how_to_name_one()
    {
        var run = _cli.Run("sweep", "status", "some-sweep");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith("error: no cluster configured; name one with --cluster ADDRESS, $CERTSWEEP_CLUSTER, or 'cluster:' in ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_spec_is_refused_before_connecting()
    {
        var bad = _cli.WriteFile("bad.yaml", "dataset: synthetic\neps: 2\nepochs: 2\naxes: {warmup: [1]}\n");

        var run = _cli.Run("sweep", "submit", bad, "--cluster", $"localhost:{FreePorts.Next()}");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith($"error: {bad}:2:6: eps: 2 is not allowed", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sweep", "status", "bad id!")]
    [InlineData("sweep", "submit", "x.yaml", "--id", "-leading-dash")]
    [InlineData("sweep", "run", "x.yaml", "--slots", "0")]
    [InlineData("sweep", "results", "some-sweep", "--format", "xml")]
    public void Bad_ids_and_options_are_usage_errors(params string[] args)
    {
        var run = _cli.Run(args);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_verb_has_help_with_the_output_option()
    {
        string[][] verbs =
        [
            ["sweep"], ["sweep", "submit"], ["sweep", "run"], ["sweep", "list"], ["sweep", "status"], ["sweep", "cancel"],
            ["sweep", "results"], ["sweep", "best"], ["trial", "show"], ["cluster", "status"], ["report"],
        ];
        foreach (var verb in verbs)
        {
            var help = _cli.Run([.. verb, "--help"]);
            Assert.Equal(ExitCodes.Success, help.ExitCode);
            Assert.Contains("Usage:", help.Stdout, StringComparison.Ordinal);
            Assert.Contains("--output", help.Stdout, StringComparison.Ordinal);
        }
    }
}
