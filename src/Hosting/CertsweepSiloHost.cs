using System.Net;
using Certsweep.Grains;
using Certsweep.Grains.Devices;
using Certsweep.Grains.Hosting;
using Certsweep.Grains.Metrics;
using Certsweep.Grains.Sweeps;
using Certsweep.Grains.Trials;
using Certsweep.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.GrainDirectory;
using Orleans.Storage;
using StackExchange.Redis;

namespace Certsweep.Hosting;

/// <summary>
/// How a certsweep silo is configured: its command-line switches and help, clustering, storage and the certsweep
/// grains; used by the <c>certsweep-silo</c> program (which adds HTTP), by the CLI's embedded local cluster
/// (<see cref="EmbeddedCluster"/>) and by the tests.
/// </summary>
public static class CertsweepSiloHost
{
    /// <summary>Command-line switches and the settings they set (<see cref="CertsweepSiloOptions"/>).</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--clustering"] = nameof(CertsweepSiloOptions.Clustering),
        ["--redis"] = nameof(CertsweepSiloOptions.Redis),
        ["--redis-password"] = nameof(CertsweepSiloOptions.RedisPassword),
        ["--redis-tls"] = nameof(CertsweepSiloOptions.RedisTls),
        ["--redis-ca"] = nameof(CertsweepSiloOptions.RedisCa),
        ["--storage"] = nameof(CertsweepSiloOptions.Storage),
        ["--service-id"] = nameof(CertsweepSiloOptions.ServiceId),
        ["--cluster-id"] = nameof(CertsweepSiloOptions.ClusterId),
        ["--silo-name"] = nameof(CertsweepSiloOptions.SiloName),
        ["--advertised-address"] = nameof(CertsweepSiloOptions.AdvertisedAddress),
        ["--listen-address"] = nameof(CertsweepSiloOptions.ListenAddress),
        ["--silo-port"] = nameof(CertsweepSiloOptions.SiloPort),
        ["--gateway-port"] = nameof(CertsweepSiloOptions.GatewayPort),
        ["--primary-silo-port"] = nameof(CertsweepSiloOptions.PrimarySiloPort),
        ["--http-port"] = nameof(CertsweepSiloOptions.HttpPort),
        ["--http-address"] = nameof(CertsweepSiloOptions.HttpAddress),
        ["--tls-certificate"] = nameof(CertsweepSiloOptions.TlsCertificate),
        ["--tls-key"] = nameof(CertsweepSiloOptions.TlsKey),
        ["--tls-ca"] = nameof(CertsweepSiloOptions.TlsCa),
        ["--kubernetes"] = nameof(CertsweepSiloOptions.Kubernetes),
        ["--devices"] = nameof(CertsweepSiloOptions.Devices),
        ["--cpu-slots"] = nameof(CertsweepSiloOptions.CpuSlots),
        ["--trials-per-device"] = nameof(CertsweepSiloOptions.TrialsPerDevice),
        ["--checkpoint-root"] = nameof(CertsweepSiloOptions.CheckpointRoot),
        ["--data-root"] = nameof(CertsweepSiloOptions.DataRoot),
        ["--torch-threads"] = nameof(CertsweepSiloOptions.TorchThreads),
        ["--shutdown-timeout"] = nameof(CertsweepSiloOptions.ShutdownTimeout),
        ["--metrics-grace"] = nameof(CertsweepSiloOptions.MetricsGrace),
        ["--max-trials"] = nameof(CertsweepSiloOptions.MaxTrials),
    };

    /// <summary>The switches that are on/off settings: alone they mean true (<c>--redis-tls</c>), or take true or false.</summary>
    public static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal) { "--redis-tls", "--kubernetes" };

    public const string HelpText = """
        certsweep-silo: an Orleans silo that runs certsweep trials on this machine's devices.

        Usage: certsweep-silo [options]

        Settings come from appsettings.json, then environment variables CERTSWEEP_<SETTING> (e.g.
        CERTSWEEP_CLUSTERING=redis, CERTSWEEP_CHECKPOINTROOT=/mnt/ckpt), then these options:

          --clustering localhost|redis   How silos find each other (default localhost: one machine).
          --redis HOST:PORT              Redis connection string, for Redis clustering and/or storage.
          --redis-password PASSWORD      Redis' password (better: CERTSWEEP_REDISPASSWORD, which other users cannot
                                         read from the process list). Never logged.
          --redis-tls                    Connect to Redis over TLS (presenting --tls-certificate, if given).
          --redis-ca FILE                PEM CA certificate Redis' certificate must be issued by (default: the system's).
          --storage memory|redis         Grain storage for sweeps and trials (default memory: lost on stop).
          --service-id ID                Orleans service id (default certsweep); silos and clients must agree.
          --cluster-id ID                Orleans cluster id (default certsweep); silos and clients must agree.
          --silo-name NAME               Name shown in status (default <host>-<silo port>).
          --advertised-address IP        Address other silos and clients reach this silo at (Redis clustering).
          --listen-address IP            Address the silo and gateway ports listen on (default: the advertised
                                         address; 0.0.0.0 = every IPv4 interface).
          --silo-port N                  Silo-to-silo port (default 11111).
          --gateway-port N               Client gateway port (default 30000).
          --primary-silo-port N          Localhost clustering: the primary silo's port (default: this silo).
          --http-port N                  HTTP port for /healthz, /readyz and Prometheus /metrics (default 8080;
                                         0 = any free port).
          --http-address IP              Address of that port (default 127.0.0.1: this machine only, as nothing
                                         there asks who is calling; 0.0.0.0 for a Prometheus elsewhere).
          --tls-certificate FILE         PEM certificate of this silo. With --tls-key and --tls-ca, silos and clients
          --tls-key FILE                 talk mutual TLS: each presents its certificate (and key, PEM) and accepts
          --tls-ca FILE                  only certificates issued by the CA of --tls-ca (PEM), not the system's CAs.
          --kubernetes                   Orleans' Kubernetes hosting on top of Redis clustering: needs POD_NAME,
                                         POD_NAMESPACE and POD_IP and the pod labels orleans/serviceId and
                                         orleans/clusterId (deploy/k8s/silo.yaml).
          --devices auto|cpu|cuda:0,...  Devices to train on (default auto: all CUDA devices, else the CPU).
          --cpu-slots N                  Trials the CPU runs at once when it is the device (default 1; 0 = none).
          --trials-per-device N          Trials each CUDA device runs at once (default 1).
          --checkpoint-root DIR          Checkpoint directory shared by all silos (default ./checkpoints).
          --data-root DIR                Where data sets are looked for (DIR/<dataset>/...).
          --torch-threads N              CPU threads of each trial's tensor operations (default: one per core).
          --shutdown-timeout HH:MM:SS    Time a graceful stop may take to hand trials back (default 00:01:00).
          --metrics-grace HH:MM:SS       How long a finished trial's or sweep's metrics stay on /metrics (default 00:05:00).
          --max-trials N                 The most trials one submitted sweep may expand to (default 10000); give
                                         every silo the same, since any silo may host a sweep's coordinator.
          --Membership:<Option>=VALUE    Any Orleans ClusterMembershipOptions setting, e.g.
                                         --Membership:ProbeTimeout=00:00:02 --Membership:NumMissedProbesLimit=2
          -h, --help                     Show this help.

        On SIGTERM running trials write a mid-epoch checkpoint and are handed back to their sweeps, which
        resume them on other silos.
        """;

    /// <summary>The silo's settings from a configuration (root keys named as in <see cref="CertsweepSiloOptions"/>).</summary>
    public static CertsweepSiloOptions ReadOptions(IConfiguration configuration)
    {
        var options = new CertsweepSiloOptions();
        configuration.Bind(options);
        return options;
    }

    /// <summary>The command line with every flag that stands alone (<c>--redis-tls</c>, not followed by true or
    /// false) written as <c>--redis-tls=true</c>, the form configuration binding reads.</summary>
    public static string[] ExpandFlags(IReadOnlyList<string> args)
    {
        var expanded = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            expanded.Add(Flags.Contains(args[i]) && !(i + 1 < args.Count && bool.TryParse(args[i + 1], out _)) ? $"{args[i]}=true" : args[i]);
        }

        return [.. expanded];
    }

    /// <summary>The first command-line word that is not a known switch, or null. Raw configuration keys
    /// (<c>--Section:Key=value</c>) are allowed.</summary>
    public static string? FindUnknownSwitch(IReadOnlyList<string> args)
    {
        args = ExpandFlags(args);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (Switches.ContainsKey(name))
            {
                i += arg.Contains('=') ? 0 : 1;
            }
            else if (!(arg.StartsWith("--", StringComparison.Ordinal) && name.Contains(':')))
            {
                return arg;
            }
        }

        return null;
    }

    /// <summary>Clustering, identity, endpoints and mutual TLS from <paramref name="options"/>. A TLS file that cannot
    /// be used is a <see cref="SiloConfigurationException"/> naming it.</summary>
    public static ISiloBuilder ConfigureClustering(ISiloBuilder silo, CertsweepSiloOptions options)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = options.ServiceId;
            o.ClusterId = options.ClusterId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = options.ResolvedSiloName);
        if (options.Clustering.Equals("redis", StringComparison.OrdinalIgnoreCase))
        {
            var redis = RedisOptions(options);
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            // Trial grains' directory entries in Redis, so that no silo's departure deactivates a trial running on
            // another (TrialGrainDirectory).
            silo.AddRedisGrainDirectory(TrialGrainDirectory.Name, o => o.ConfigurationOptions = redis.Clone());
            silo.Services.AddSingleton<IGrainDirectoryResolver, TrialGrainDirectory>();
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = options.SiloPort;
                o.GatewayPort = options.GatewayPort;
                // Orleans' setter refuses null: without an address, Orleans' default (this host's address) stays.
                if (options.ResolvedAdvertisedAddress is { } address)
                {
                    o.AdvertisedIPAddress = IPAddress.Parse(address);
                }
            });
        }
        else
        {
            var primary = options.PrimarySiloPort is { } port && port != options.SiloPort ? new IPEndPoint(IPAddress.Loopback, port) : null;
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId);
        }

        if (options.ListenAddress is { } listen)
        {
            var ip = IPAddress.Parse(listen);
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloListeningEndpoint = new IPEndPoint(ip, o.SiloPort);
                o.GatewayListeningEndpoint = new IPEndPoint(ip, o.GatewayPort);
            });
        }

        if (options.UsesTls)
        {
            var credentials = Load(new MutualTlsFiles(options.TlsCertificate!, options.TlsKey!, options.TlsCa!).Load);
            if (credentials.Authority.Problem(credentials.Certificate, null) is { } problem)
            {
                throw new SiloConfigurationException([$"--tls-certificate {options.TlsCertificate}: the other silos would refuse it: {problem}."]);
            }

            UseMutualTls(silo, credentials);
        }

        return silo;
    }

    /// <summary>Mutual TLS on the silo port (both directions) and the gateway port; every certificate refused is a
    /// warning in the log with the reason.</summary>
    private static void UseMutualTls(ISiloBuilder silo, MutualTlsCredentials credentials)
    {
        silo.Configure<SiloConnectionOptions>(o =>
        {
            o.ConfigureSiloInboundConnection(c => c.UseServerTls(TlsOptions(credentials, c, "a silo connecting to this silo's silo port")));
            o.ConfigureGatewayInboundConnection(c => c.UseServerTls(TlsOptions(credentials, c, "a client connecting to this silo's gateway port")));
            o.ConfigureSiloOutboundConnection(c => c.UseClientTls(TlsOptions(credentials, c, "the silo this silo connected to")));
        });
    }

    private static Orleans.Connections.Security.TlsOptions TlsOptions(MutualTlsCredentials credentials, IConnectionBuilder connection, string peer)
    {
        var logger = connection.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MutualTls).FullName!);
        return MutualTls.Options(credentials, problem => logger.LogWarning("Refused the TLS certificate of {Peer}: {Problem}", peer, problem));
    }

    /// <summary>The Redis connection of clustering and storage: <see cref="CertsweepSiloOptions.Redis"/> with the
    /// password and TLS settings.</summary>
    public static ConfigurationOptions RedisOptions(CertsweepSiloOptions options)
    {
        var client = options.UsesTls ? new MutualTlsFiles(options.TlsCertificate!, options.TlsKey!, options.TlsCa!) : null;
        var security = new RedisSecurity(options.RedisPassword, options.RedisTls, options.RedisCa, client);
        return Load(() => security.ApplyTo(ConfigurationOptions.Parse(options.Redis!)));
    }

    private static T Load<T>(Func<T> load)
    {
        try
        {
            return load();
        }
        catch (TlsFileException e)
        {
            throw new SiloConfigurationException([e.Message]);
        }
    }

    /// <summary>
    /// Everything but clustering: grain storage, devices, checkpoint and data roots, the certsweep grains'
    /// services. Tests that bring their own clustering (Orleans' in-process test cluster) call this alone.
    /// </summary>
    public static ISiloBuilder AddCertsweep(ISiloBuilder silo, CertsweepSiloOptions options, DeviceInventory? devices = null)
    {
        if (options.TorchThreads is { } threads)
        {
            TorchSharp.torch.set_num_threads(threads);
        }

        // Grain state is stored in Orleans' own binary format: compact, and exact for every contract type.
        silo.Services.AddKeyedSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>(CertsweepStorage.Name);
        if (options.Storage.Equals("redis", StringComparison.OrdinalIgnoreCase))
        {
            var redis = RedisOptions(options);
            silo.AddRedisGrainStorage(CertsweepStorage.Name, o => o.ConfigurationOptions = redis.Clone());
        }
        else
        {
            silo.AddMemoryGrainStorage(CertsweepStorage.Name);
        }

        silo.Services.AddSingleton(new MetricsOptions(options.MetricsGrace));
        silo.Services.AddSingleton(new SweepLimitOptions(options.MaxTrials));
        var inventory = devices ?? DeviceInventory.Detect(options.Devices, options.CpuSlots, options.TrialsPerDevice);
        var execution = new TrialExecutionOptions(
            Path.GetFullPath(options.CheckpointRoot), options.DataRoot is null ? null : Path.GetFullPath(options.DataRoot), options.TorchThreads);
        return silo.AddCertsweepGrains(inventory, execution);
    }
}
