using Certsweep.Grains.Devices;
using Certsweep.Grains.Trials;
using Certsweep.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>Orleans' in-process test cluster: two silos with two CPU slots each, certsweep configured as in production
/// (memory storage, or Redis storage when a connection string is given).</summary>
public sealed class TwoSiloCluster : IAsyncDisposable
{
    public const int SlotsPerSilo = 2;

    private TwoSiloCluster(InProcessTestCluster cluster, string checkpoints)
    {
        Cluster = cluster;
        CheckpointRoot = checkpoints;
    }

    public InProcessTestCluster Cluster { get; }

    public string CheckpointRoot { get; }

    public IClusterClient Client => Cluster.Client;

    public static async Task<TwoSiloCluster> StartAsync(string? redis = null)
    {
        var checkpoints = Directory.CreateTempSubdirectory("certsweep-checkpoints-").FullName;
        var options = new CertsweepSiloOptions
        {
            Storage = redis is null ? "memory" : "redis",
            Redis = redis,
            CheckpointRoot = checkpoints,
            TorchThreads = 1,
        };
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => CertsweepSiloHost.AddCertsweep(silo, options, DeviceInventory.Cpu(SlotsPerSilo)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TwoSiloCluster(cluster, checkpoints);
    }

    public LocalTrialRuns RunsOf(InProcessSiloHandle silo) => silo.SiloHost.Services.GetRequiredService<LocalTrialRuns>();

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(CheckpointRoot, recursive: true);
    }
}
