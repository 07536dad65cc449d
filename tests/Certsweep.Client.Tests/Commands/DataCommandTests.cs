using System.Net;
using System.Net.Sockets;
using Certsweep.Client.Commands;
using Certsweep.Client.Local;

namespace Certsweep.Client.Tests.Commands;

public sealed class DataCommandTests
{
    [Fact]
    public async Task FetchWithoutNetworkIsOneClearErrorWithExitCode3()
    {
        using var directory = new TemporaryDirectory();
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closed = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        probe.Stop();

        var (code, output, error) = await CommandRunner.RunAsync(DataCommand.Create(), "data", "fetch", "cifar10", "--data-root", directory.Path, "--mirror", closed);

        Assert.True(code == ExitCodes.Unavailable, $"exit code {code}: {error}");
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Cannot download 'cifar-10-binary.tar.gz'", error);
        Assert.Contains("unreachable", error);
        Assert.Empty(output);
        Assert.False(Directory.Exists(directory.Combine("cifar10")));
    }

    [Fact]
    public async Task FetchOfAGeneratedOrUnknownDataSetIsInvalidInput()
    {
        var (code, _, error) = await CommandRunner.RunAsync(DataCommand.Create(), "data", "fetch", "synthetic");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("generated", error);

        (code, _, error) = await CommandRunner.RunAsync(DataCommand.Create(), "data", "fetch", "imagenet");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("known: mnist, fashion-mnist, cifar10, tiny-imagenet, synthetic", error);
    }

    [Fact]
    public async Task FetchOfAnExtractedDataSetDownloadsNothing()
    {
        using var directory = new TemporaryDirectory();
        var batches = directory.Combine("cifar10", "cifar-10-batches-bin");
        Directory.CreateDirectory(batches);
        foreach (var file in new[] { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin" })
        {
            await File.WriteAllBytesAsync(Path.Combine(batches, file), new byte[] { 1 });
        }

        var (code, output, error) = await CommandRunner.RunAsync(DataCommand.Create(), "data", "fetch", "cifar10", "--data-root", directory.Path, "--mirror", "http://127.0.0.1:9/");

        Assert.True(code == ExitCodes.Success, $"exit code {code}: {error}");
        Assert.Equal($"cifar10 is already present at {batches}; nothing to do (--force downloads it again).", output.Trim());
    }

    [Fact]
    public async Task FetchOverADamagedArchiveNamesItAndTheFix()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.Combine("cifar10"));
        var archive = directory.Combine("cifar10", "cifar-10-binary.tar.gz");
        await File.WriteAllBytesAsync(archive, new byte[] { 1 });

        var (code, output, error) = await CommandRunner.RunAsync(DataCommand.Create(), "data", "fetch", "cifar10", "--data-root", directory.Path, "--mirror", "http://127.0.0.1:9/");

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Empty(output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: '{archive}' is damaged: its MD5 is 55a54008ad1ba589aa210d2629c1df41, not the published c32a1d4ab5d03f1284b67883e8d87530.", error);
        Assert.Contains("Delete it and run 'certsweep data fetch cifar10' again.", error);
        Assert.True(File.Exists(archive));
    }

    [Fact]
    public async Task ListShowsWhereEachDataSetIs()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.Combine("cifar10"));
        await File.WriteAllBytesAsync(directory.Combine("cifar10", "cifar-10-binary.tar.gz"), new byte[] { 1 });

        var (code, output, _) = await CommandRunner.RunAsync(DataCommand.Create(), "data", "list", "--data-root", directory.Path);

        Assert.Equal(ExitCodes.Success, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("cifar10", StringComparison.Ordinal) && l.EndsWith(directory.Combine("cifar10", "cifar-10-binary.tar.gz"), StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("tiny-imagenet", StringComparison.Ordinal) && l.Contains("missing (certsweep data fetch tiny-imagenet)"));
        Assert.Contains(lines, l => l.StartsWith("synthetic", StringComparison.Ordinal) && l.EndsWith("generated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_prints_one_json_document_with_every_data_set_and_where_it_is()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.Combine("fashion-mnist"));
        var (code, output, _) = await CommandRunner.RunAsync(DataCommand.Create(), "data", "list", "--data-root", directory.Path, "--output", "json");
        Assert.Equal(ExitCodes.Success, code);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(Path.GetFullPath(directory.Path), root.GetProperty("data_root").GetString());
        var datasets = root.GetProperty("datasets").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        Assert.Equal(["mnist", "fashion-mnist", "cifar10", "tiny-imagenet", "synthetic"], datasets.Keys);
        Assert.True(datasets["synthetic"].GetProperty("generated").GetBoolean());
        Assert.False(datasets["cifar10"].TryGetProperty("location", out _), "a missing data set has no location");
        Assert.Equal(10, datasets["cifar10"].GetProperty("classes").GetInt32());
    }
}
