using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Certsweep.Hosting;

namespace Certsweep.TestSupport;

/// <summary>A real Prometheus (Debian's package) on a free loopback port, running a configuration file, with its
/// storage in a temporary directory; killed and removed on dispose. Queries go through its HTTP API.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;
    private readonly List<string> _output = new();

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The last lines Prometheus logged (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>Starts Prometheus with <paramref name="configuration"/> (prometheus.yml text) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartWithConfigurationAsync(string configuration)
    {
        var directory = Directory.CreateTempSubdirectory("certsweep-prometheus-config-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, configuration);
        return await StartAsync(config, directory);
    }

    /// <summary>Starts Prometheus on <paramref name="configFile"/> (rule files relative to its directory) and waits
    /// until it is ready.</summary>
    public static Task<PrometheusServer> StartAsync(string configFile) => StartAsync(configFile, null);

    private static async Task<PrometheusServer> StartAsync(string configFile, string? ownedDirectory)
    {
        var directory = ownedDirectory ?? Directory.CreateTempSubdirectory("certsweep-prometheus-").FullName;
        var config = configFile;
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var server = new PrometheusServer(
            Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start (is the prometheus package installed?)"), directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if ((await server._http.GetAsync("-/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !server._process.HasExited)
            {
            }

            if (DateTime.UtcNow > deadline || server._process.HasExited)
            {
                var output = server.Output;
                await server.DisposeAsync();
                throw new InvalidOperationException($"Prometheus did not become ready:{Environment.NewLine}{output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> at every <paramref name="step"/> from <paramref name="start"/> to
    /// <paramref name="end"/>; one entry per series that had a value at some step. Throws on a PromQL error.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> QueryRangeAsync(
        string expression, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = expression,
            ["start"] = Seconds(start),
            ["end"] = Seconds(end),
            ["step"] = step.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        });
        var data = await ReadDataAsync(await _http.PostAsync("api/v1/query_range", form), expression);
        return data.GetProperty("result").EnumerateArray()
            .Select(series => (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!))
            .ToList();
    }

    /// <summary>Evaluates <paramref name="expression"/> at <paramref name="time"/>: each series' labels and value.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string expression, DateTimeOffset time)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["query"] = expression, ["time"] = Seconds(time) });
        var data = await ReadDataAsync(await _http.PostAsync("api/v1/query", form), expression);
        return data.GetProperty("result").EnumerateArray()
            .Select(series => (
                (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!),
                double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>/api/v1/targets' data: <c>activeTargets</c> (with their labels after relabelling) and <c>droppedTargets</c>.</summary>
    public async Task<JsonElement> TargetsAsync() => await ReadDataAsync(await _http.GetAsync("api/v1/targets?state=any"), "targets");

    /// <summary>/api/v1/rules' data: the rule groups Prometheus loaded.</summary>
    public async Task<JsonElement> RulesAsync() => await ReadDataAsync(await _http.GetAsync("api/v1/rules"), "rules");

    /// <summary>Values of <paramref name="label"/> on the series that <paramref name="match"/> selects.</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string match)
    {
        var response = await _http.GetAsync($"api/v1/label/{label}/values?match[]={Uri.EscapeDataString(match)}");
        var data = await ReadDataAsync(response, match);
        return data.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Seconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);

    private static async Task<JsonElement> ReadDataAsync(HttpResponseMessage response, string query)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused '{query}': {body.GetProperty("error").GetString()}");
        }

        return body.GetProperty("data").Clone();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 100)
            {
                _output.RemoveAt(0);
            }
        }
    }
}
