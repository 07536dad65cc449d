using System.Globalization;
using Certsweep.Hosting;
using Certsweep.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Certsweep.Observability.Tests.Infrastructure;

/// <summary>
/// A real certsweep silo in this process, built exactly as the certsweep-silo program builds it
/// (<see cref="CertsweepSiloHost.BuildWebApplication"/>), with its HTTP endpoint on a free loopback port, CPU slots,
/// and its own checkpoint root and (empty) data root. <see cref="Client"/> is the silo's own cluster client.
/// </summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private InProcessSilo(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
        Client = app.Services.GetRequiredService<IClusterClient>();
        BaseAddress = new Uri(app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public IClusterClient Client { get; }

    /// <summary>http://127.0.0.1:PORT/ of /metrics, /healthz and /readyz.</summary>
    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The Prometheus scrape target: 127.0.0.1:PORT.</summary>
    public string Target => BaseAddress.Authority;

    public static async Task<InProcessSilo> StartAsync(int cpuSlots, params string[] extraArgs)
    {
        var directory = Directory.CreateTempSubdirectory("certsweep-observed-silo-").FullName;
        string Port() => FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        string[] args =
        [
            "--service-id", "certsweep-observability", "--cluster-id", "certsweep-observability", "--silo-name", "observed",
            "--silo-port", Port(), "--gateway-port", Port(), "--http-port", "0",
            "--devices", "cpu", "--cpu-slots", cpuSlots.ToString(CultureInfo.InvariantCulture), "--torch-threads", "1",
            "--checkpoint-root", Path.Combine(directory, "checkpoints"), "--data-root", Directory.CreateDirectory(Path.Combine(directory, "data")).FullName,
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = SiloWebApplication.Build(args);
        await app.StartAsync();
        return new InProcessSilo(app, directory);
    }

    public async Task<string> ScrapeAsync() => await Http.GetStringAsync("metrics");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
