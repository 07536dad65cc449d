using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using Certsweep.Training.Data;

namespace Certsweep.Training.Tests.Data;

/// <summary>Downloads from a loopback HTTP server (nothing leaves this machine).</summary>
public sealed class DatasetFetcherTests
{
    [Fact]
    public async Task DownloadsChecksAndPlacesEveryFileThenKeepsWhatIsAlreadyRight()
    {
        using var directory = new TemporaryDirectory();
        var files = new Dictionary<string, byte[]> { ["a.bin"] = RandomBytes(300_000, 1), ["b.gz"] = RandomBytes(10, 2) };
        using var server = new LoopbackHttpServer(files);
        var download = new DatasetDownload("toy", files.Select(f => new DownloadFile(f.Key, Md5(f.Value), new[] { new Uri(server.BaseAddress, f.Key) })).ToList());
        using var fetcher = new DatasetFetcher();

        var placed = await fetcher.FetchAsync(download, directory.Path);

        Assert.Equal(directory.Combine("toy"), placed);
        foreach (var (name, bytes) in files)
        {
            Assert.Equal(bytes, File.ReadAllBytes(directory.Combine("toy", name)));
        }

        Assert.Equal(new[] { "a.bin", "b.gz" }, Directory.GetFiles(placed).Select(Path.GetFileName).Order());
        var requests = server.Requests;
        await fetcher.FetchAsync(download, directory.Path);
        Assert.Equal(requests, server.Requests);
    }

    [Fact]
    public async Task WrongChecksumIsAnErrorAndKeepsNothing()
    {
        using var directory = new TemporaryDirectory();
        using var server = new LoopbackHttpServer(new Dictionary<string, byte[]> { ["cifar-10-binary.tar.gz"] = RandomBytes(1000, 3) });
        using var fetcher = new DatasetFetcher();

        var error = await Assert.ThrowsAsync<DatasetException>(() =>
            fetcher.FetchAsync(DatasetDownload.For(DatasetCatalog.Cifar10)!, directory.Path, mirror: server.BaseAddress));

        Assert.Contains("not the published c32a1d4ab5d03f1284b67883e8d87530", error.Message);
        Assert.Contains(server.BaseAddress + "cifar-10-binary.tar.gz", error.Message);
        Assert.False(Directory.Exists(directory.Combine("cifar10")));
    }

    [Fact]
    public async Task UnreachableSourceIsOneClearError()
    {
        using var directory = new TemporaryDirectory();
        using var fetcher = new DatasetFetcher(TimeSpan.FromSeconds(5));
        var closed = LoopbackHttpServer.ClosedAddress();

        var error = await Assert.ThrowsAsync<DatasetException>(() =>
            fetcher.FetchAsync(DatasetDownload.For(DatasetCatalog.Mnist)!, directory.Path, mirror: closed));

        Assert.Contains($"{closed}train-images-idx3-ubyte.gz: unreachable (ConnectionRefused", error.Message);
        Assert.Contains("no access to the internet", error.Message);
        Assert.False(Directory.Exists(directory.Combine("mnist")));
    }

    [Fact]
    public async Task TransferThatStallsMidBodyIsOneClearErrorAfterTheInactivityTimeout()
    {
        using var directory = new TemporaryDirectory();
        var bytes = RandomBytes(200_000, 4);
        using var server = new LoopbackHttpServer(new Dictionary<string, byte[]> { ["a.bin"] = bytes }, stallAfterBytes: 100_000);
        using var fetcher = new DatasetFetcher(inactivityTimeout: TimeSpan.FromSeconds(1));
        var download = new DatasetDownload("toy", new[] { new DownloadFile("a.bin", Md5(bytes), new[] { new Uri(server.BaseAddress, "a.bin") }) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DatasetException>(() => fetcher.FetchAsync(download, directory.Path).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Contains($"{server.BaseAddress}a.bin: the transfer stalled, nothing arrived for 1 s (after 100000 bytes)", error.Message);
        Assert.Contains("pass --mirror URL of another copy", error.Message);
        Assert.False(Directory.Exists(directory.Combine("toy")));
    }

    [Fact]
    public async Task HttpErrorIsReportedWithItsStatus()
    {
        using var directory = new TemporaryDirectory();
        using var server = new LoopbackHttpServer(new Dictionary<string, byte[]>());
        using var fetcher = new DatasetFetcher();

        var error = await Assert.ThrowsAsync<DatasetException>(() =>
            fetcher.FetchAsync(DatasetDownload.For(DatasetCatalog.FashionMnist)!, directory.Path, mirror: server.BaseAddress));

        Assert.Contains("answered 404", error.Message);
    }

    [Fact]
    public async Task ZipIsUnpackedIntoTheDataSetFolderAndRemoved()
    {
        using var directory = new TemporaryDirectory();
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("tiny-imagenet-200/wnids.txt").Open();
            entry.Write("n01443537\n"u8);
        }

        var bytes = zip.ToArray();
        using var server = new LoopbackHttpServer(new Dictionary<string, byte[]> { ["tiny.zip"] = bytes });
        using var fetcher = new DatasetFetcher();
        var download = new DatasetDownload("tiny", new[] { new DownloadFile("tiny.zip", Md5(bytes), new[] { new Uri(server.BaseAddress, "tiny.zip") }) }, UnpackZip: true);

        await fetcher.FetchAsync(download, directory.Path);

        Assert.Equal("n01443537\n", File.ReadAllText(directory.Combine("tiny", "tiny-imagenet-200", "wnids.txt")));
        Assert.False(File.Exists(directory.Combine("tiny", "tiny.zip")));
    }

    [Fact]
    public void EveryDataSetWithFilesHasAnOfficialDownload()
    {
        foreach (var name in DatasetCatalog.Names.Where(n => DatasetCatalog.LayoutOf(n) is not null))
        {
            var download = DatasetDownload.For(name);
            Assert.NotNull(download);
            Assert.All(download.Files, f => Assert.Matches("^[0-9a-f]{32}$", f.Md5));
        }
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}
