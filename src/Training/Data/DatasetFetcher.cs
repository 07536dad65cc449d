using System.Globalization;
using System.IO.Compression;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Certsweep.Training.Data;

/// <summary>
/// Downloads a data set's files into <c>DATA_ROOT/&lt;dataset&gt;</c>: each to a temporary file, its MD5
/// checked against the published one, then renamed into place (a file already there with the right checksum
/// is kept); a zip is unpacked and removed. An unreachable source, an HTTP error, a transfer that stalls (no
/// byte for the inactivity timeout) or a wrong checksum is one <see cref="DatasetException"/> naming the URL
/// and what to do; nothing half-written is left behind (nor the data set's folder, when this call created it
/// and it stayed empty).
/// </summary>
public sealed class DatasetFetcher : IDisposable
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long the response's headers, or the next bytes of its body, may take before the transfer counts as stalled.</summary>
    public static readonly TimeSpan DefaultInactivityTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly TimeSpan _inactivityTimeout;

    public DatasetFetcher(TimeSpan? connectTimeout = null, TimeSpan? inactivityTimeout = null)
    {
        _inactivityTimeout = inactivityTimeout ?? DefaultInactivityTimeout;
        // No overall timeout: a full data set takes minutes on a slow link; only silence is an error.
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = connectTimeout ?? DefaultConnectTimeout }) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("certsweep/0.1");
    }

    /// <summary>
    /// Fetches every file of <paramref name="download"/>; <paramref name="mirror"/> replaces the official
    /// sources by <c>mirror/&lt;file name&gt;</c>. Returns the data set's directory.
    /// </summary>
    public async Task<string> FetchAsync(DatasetDownload download, string dataRoot, Uri? mirror = null, IProgress<FetchProgress>? progress = null, CancellationToken cancel = default)
    {
        var directory = Path.Combine(dataRoot, download.Dataset);
        var created = !Directory.Exists(directory);
        Directory.CreateDirectory(directory);
        try
        {
            await FetchFilesAsync(download, directory, mirror, progress, cancel);
        }
        catch when (created && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
            throw;
        }

        return directory;
    }

    private async Task FetchFilesAsync(DatasetDownload download, string directory, Uri? mirror, IProgress<FetchProgress>? progress, CancellationToken cancel)
    {
        foreach (var file in download.Files)
        {
            var target = Path.Combine(directory, file.Name);
            if (File.Exists(target) && string.Equals(await Md5Async(target, cancel), file.Md5, StringComparison.OrdinalIgnoreCase))
            {
                progress?.Report(new FetchProgress(file.Name, new FileInfo(target).Length, new FileInfo(target).Length, AlreadyPresent: true));
            }
            else
            {
                var sources = mirror is null ? file.Sources : new[] { new Uri(mirror.ToString().TrimEnd('/') + "/" + file.Name) };
                await DownloadAsync(file, sources, target, progress, cancel);
            }

            if (download.UnpackZip)
            {
                Unpack(target, directory);
            }
        }
    }

    private async Task DownloadAsync(DownloadFile file, IReadOnlyList<Uri> sources, string target, IProgress<FetchProgress>? progress, CancellationToken cancel)
    {
        var failures = new List<string>();
        var unreachable = true;
        foreach (var source in sources)
        {
            var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{file.Name}.{Guid.NewGuid():N}.partial");
            using var inactivity = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            long received = 0;
            try
            {
                inactivity.CancelAfter(_inactivityTimeout);
                using var response = await _http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, inactivity.Token);
                unreachable = false;
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{source} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                    continue;
                }

                var total = response.Content.Headers.ContentLength;
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                await using (var body = await response.Content.ReadAsStreamAsync(cancel))
                await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    var buffer = new byte[1 << 16];
                    int read;
                    while ((read = await body.ReadAsync(buffer, Restarted(inactivity))) > 0)
                    {
                        md5.AppendData(buffer, 0, read);
                        await output.WriteAsync(buffer.AsMemory(0, read), cancel);
                        received += read;
                        progress?.Report(new FetchProgress(file.Name, received, total, AlreadyPresent: false));
                    }
                }

                var actual = Convert.ToHexStringLower(md5.GetHashAndReset());
                if (!string.Equals(actual, file.Md5, StringComparison.OrdinalIgnoreCase))
                {
                    throw new DatasetException(
                        $"'{file.Name}' from {source} has MD5 {actual}, not the published {file.Md5}: the download is corrupt or the server sent another file. Nothing was kept; run 'certsweep data fetch' again or use another --mirror.");
                }

                File.Move(temporary, target, overwrite: true);
                return;
            }
            catch (OperationCanceledException) when (inactivity.IsCancellationRequested && !cancel.IsCancellationRequested)
            {
                unreachable = false;
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{source}: the transfer stalled, nothing arrived for {_inactivityTimeout.TotalSeconds:0.#} s (after {received} bytes)"));
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{source}: {Reason(e)}");
            }
            catch (TaskCanceledException e) when (!cancel.IsCancellationRequested)
            {
                failures.Add($"{source}: no answer in time ({e.Message})");
            }
            catch (IOException e)
            {
                unreachable = false;
                failures.Add($"{source}: the transfer failed ({e.Message})");
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        throw new DatasetException(unreachable
            ? $"Cannot download '{file.Name}': {string.Join("; ", failures)}. This machine may have no access to the internet: fetch on a machine that has it and copy the data set's folder here, or pass --mirror URL of a reachable copy."
            : $"Cannot download '{file.Name}': {string.Join("; ", failures)}. Try again later or pass --mirror URL of another copy.");
    }

    private CancellationToken Restarted(CancellationTokenSource inactivity)
    {
        inactivity.CancelAfter(_inactivityTimeout);
        return inactivity.Token;
    }

    private static string Reason(HttpRequestException e) =>
        e.InnerException is SocketException socket ? $"unreachable ({socket.SocketErrorCode}: {socket.Message})" : $"unreachable ({e.Message})";

    private static void Unpack(string zip, string directory)
    {
        try
        {
            ZipFile.ExtractToDirectory(zip, directory, overwriteFiles: true);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"'{zip}' cannot be unpacked ({e.Message}); delete it and fetch again.", e);
        }

        File.Delete(zip);
    }

    /// <summary>The file's MD5 in lower-case hex, to compare with <see cref="DownloadFile.Md5"/>.</summary>
    public static async Task<string> Md5Async(string path, CancellationToken cancel = default)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancel));
    }

    public void Dispose() => _http.Dispose();
}
