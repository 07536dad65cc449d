using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Certsweep.Hosting;

namespace Certsweep.Deploy.Tests.Infrastructure;

/// <summary>A real Prometheus (Debian's package) on a free loopback port, running a configuration file, with its
/// storage in a temporary directory; killed on dispose.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _storage;
    private readonly HttpClient _http;
    private readonly StringWriter _output = new();

    private PrometheusServer(Process process, string storage, int port)
    {
        _process = process;
        _storage = storage;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), Timeout = TimeSpan.FromSeconds(30) };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything Prometheus logged (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus on <paramref name="configFile"/> and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string configFile)
    {
        var storage = Directory.CreateTempSubdirectory("certsweep-prometheus-").FullName;
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList =
            {
                $"--config.file={configFile}", $"--storage.tsdb.path={storage}",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var server = new PrometheusServer(
            Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start (is the prometheus package installed?)"), storage, port);
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

    /// <summary>/api/v1/targets' data: <c>activeTargets</c> (with their labels after relabelling) and <c>droppedTargets</c>.</summary>
    public async Task<JsonElement> TargetsAsync()
    {
        var body = await _http.GetFromJsonAsync<JsonElement>("api/v1/targets?state=any");
        Assert.Equal("success", body.GetProperty("status").GetString());
        return body.GetProperty("data").Clone();
    }

    /// <summary>/api/v1/rules' data: the rule groups Prometheus loaded.</summary>
    public async Task<JsonElement> RulesAsync()
    {
        var body = await _http.GetFromJsonAsync<JsonElement>("api/v1/rules");
        Assert.Equal("success", body.GetProperty("status").GetString());
        return body.GetProperty("data").Clone();
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
        Directory.Delete(_storage, recursive: true);
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.WriteLine(line);
            }
        }
    }
}
