using System.CommandLine;
using System.Text.Json;
using Certsweep.Client.Commands;
using Certsweep.Client.Local;

namespace Certsweep.Client.Tests.Local;

public sealed class ProbeCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "certsweep-probe-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int Invoke(params string[] args)
    {
        var root = new RootCommand { ProbeCommand.Create() };
        return root.Parse(args).Invoke();
    }

    [Fact]
    public void Probe_init_writes_the_table_the_json_and_a_plot_with_both_lines()
    {
        var exit = Invoke("probe", "init", "--model", "cnn_4layer_bn", "--dataset", "synthetic", "--samples", "32", "--out", _directory);

        Assert.Equal(ExitCodes.Success, exit);
        var table = File.ReadAllText(Path.Combine(_directory, ProbeCommand.TableFile));
        Assert.Contains("BatchNorm in training mode: the mean and variance of the clean probe batch (32 samples)", table);
        Assert.Equal(11, table.Split('\n').Count(line => line.StartsWith("| ", StringComparison.Ordinal) && char.IsDigit(line[2])));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, ProbeCommand.JsonFile)));
        Assert.Equal("batch", json.RootElement.GetProperty("batchNorm").GetString());
        Assert.Equal(11, json.RootElement.GetProperty("layers").GetArrayLength());
        Assert.Equal("synthetic", json.RootElement.GetProperty("dataset").GetString());
        PngImage.AssertPlot(Path.Combine(_directory, ProbeCommand.PlotFile), new[] { "#d62728" }, new[] { "#1f77b4" });
    }

    [Theory]
    [InlineData("--model", "resnet_9000", "--dataset", "synthetic")]
    [InlineData("--model", "cnn", "--dataset", "imagenet-22k")]
    [InlineData("--model", "cnn", "--dataset", "synthetic", "--eps", "0")]
    [InlineData("--model", "cnn", "--dataset", "synthetic", "--samples", "1")]
    public void Bad_input_exits_with_code_2_and_writes_nothing(params string[] options)
    {
        var exit = Invoke(new[] { "probe", "init" }.Concat(options).Concat(new[] { "--out", _directory }).ToArray());

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.False(Directory.Exists(_directory));
    }
}
