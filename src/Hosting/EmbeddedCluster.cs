using System.Net;
using Certsweep.Grains.Devices;
using Certsweep.Hyperparameters.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Certsweep.Hosting;

/// <summary>
/// A one-silo cluster inside the calling process, for <c>certsweep sweep run</c> with no cluster configured:
/// localhost clustering on free ports that listen on loopback only, in-memory storage, CPU slots. <see cref="Client"/> is the
/// silo's own cluster client. Disposing it stops the silo gracefully (running trials checkpoint).
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCluster(IHost host, CertsweepSiloOptions options)
    {
        _host = host;
        Options = options;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    public CertsweepSiloOptions Options { get; }

    /// <summary>Starts the silo. <paramref name="cpuSlots"/>: trials at once; <paramref name="checkpointRoot"/>:
    /// where checkpoints go; <paramref name="torchThreads"/>: CPU threads of each trial's tensor operations;
    /// <paramref name="maxTrials"/>: the most trials a sweep may expand to (the CLI passes the limit it checked the spec with);
    /// <paramref name="configureLogging"/>: e.g. to keep the silo quiet under a live view;
    /// <paramref name="configureServices"/>: e.g. the CLI's host lifetime, which leaves Ctrl+C to the CLI.</summary>
    public static async Task<EmbeddedCluster> StartAsync(
        int cpuSlots, string checkpointRoot, string? dataRoot = null, int? torchThreads = null, int maxTrials = TrialLimit.DefaultMax,
        Action<ILoggingBuilder>? configureLogging = null,
        Action<IServiceCollection>? configureServices = null, CancellationToken cancellation = default)
    {
        var options = new CertsweepSiloOptions
        {
            Clustering = "localhost",
            Storage = "memory",
            ServiceId = "certsweep-embedded",
            ClusterId = "certsweep-embedded",
            SiloName = "embedded",
            // Loopback only: the embedded cluster serves this process alone, and it has no TLS.
            ListenAddress = IPAddress.Loopback.ToString(),
            SiloPort = FreePorts.Next(),
            GatewayPort = FreePorts.Next(),
            HttpPort = 0,
            CpuSlots = cpuSlots,
            CheckpointRoot = checkpointRoot,
            DataRoot = dataRoot,
            TorchThreads = torchThreads,
            MaxTrials = maxTrials,
        };
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new SiloConfigurationException(errors);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);
        configureServices?.Invoke(builder.Services);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.UseOrleans(silo =>
        {
            CertsweepSiloHost.ConfigureClustering(silo, options);
            CertsweepSiloHost.AddCertsweep(silo, options, DeviceInventory.Cpu(cpuSlots));
        });
        var host = builder.Build();
        await host.StartAsync(cancellation);
        return new EmbeddedCluster(host, options);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
