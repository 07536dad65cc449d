using Certsweep.Grains.Devices;
using Certsweep.Grains.Training;
using Certsweep.Grains.Trials;
using Certsweep.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>Orleans' in-process test cluster: two silos with two CPU slots each, certsweep configured as in production
/// (memory storage, or Redis storage when a connection string is given).</summary>
public sealed class TwoSiloCluster : IAsyncDisposable
{
    public const int SlotsPerSilo = 2;

    private readonly bool _ownsCheckpoints;

    private TwoSiloCluster(InProcessTestCluster cluster, string checkpoints, bool ownsCheckpoints)
    {
        Cluster = cluster;
        CheckpointRoot = checkpoints;
        _ownsCheckpoints = ownsCheckpoints;
    }

    public InProcessTestCluster Cluster { get; }

    public string CheckpointRoot { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>A new cluster; pass the <paramref name="serviceId"/> and <paramref name="checkpointRoot"/> of an
    /// earlier one (and the same Redis) to restart it. <paramref name="trainer"/> stands in for the real trainer.</summary>
    public static async Task<TwoSiloCluster> StartAsync(string? redis = null, string? serviceId = null, string? checkpointRoot = null, ITrialTrainer? trainer = null)
    {
        var checkpoints = checkpointRoot ?? Directory.CreateTempSubdirectory("certsweep-checkpoints-").FullName;
        var options = new CertsweepSiloOptions
        {
            Storage = redis is null ? "memory" : "redis",
            Redis = redis,
            CheckpointRoot = checkpoints,
            TorchThreads = 1,
        };
        var builder = new InProcessTestClusterBuilder(2);
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.ConfigureSilo((_, silo) =>
        {
            if (trainer is not null)
            {
                silo.Services.AddSingleton(trainer);
            }

            CertsweepSiloHost.AddCertsweep(silo, options, DeviceInventory.Cpu(SlotsPerSilo));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TwoSiloCluster(cluster, checkpoints, ownsCheckpoints: checkpointRoot is null);
    }

    public LocalTrialRuns RunsOf(InProcessSiloHandle silo) => silo.SiloHost.Services.GetRequiredService<LocalTrialRuns>();

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (_ownsCheckpoints)
        {
            Directory.Delete(CheckpointRoot, recursive: true);
        }
    }
}
