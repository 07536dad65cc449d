using System.Globalization;
using System.Net;
using Certsweep.Grains.Metrics;
using Certsweep.Hyperparameters.Rules;

namespace Certsweep.Hosting;

/// <summary>
/// A silo's settings. Read from appsettings.json, then environment variables prefixed <c>CERTSWEEP_</c>
/// (e.g. <c>CERTSWEEP_CLUSTERING=redis</c>), then the command line (<c>--clustering redis</c>); later sources win.
/// <see cref="CertsweepSiloHost.HelpText"/> lists them.
/// </summary>
public sealed class CertsweepSiloOptions
{
    /// <summary><c>localhost</c> (one machine; silos find the primary silo on loopback) or <c>redis</c>.</summary>
    public string Clustering { get; set; } = "localhost";

    /// <summary>StackExchange.Redis connection string, e.g. <c>localhost:6379</c>; needed by Redis clustering or storage.</summary>
    public string? Redis { get; set; }

    /// <summary>Redis' password (its <c>requirepass</c>), for clustering and storage. Never logged or printed; prefer
    /// <c>CERTSWEEP_REDISPASSWORD</c> to the command line, which other users of the machine can read.</summary>
    public string? RedisPassword { get; set; }

    /// <summary>Connect to Redis over TLS.</summary>
    public bool RedisTls { get; set; }

    /// <summary>PEM file of the CA that Redis' certificate must be issued by (with <see cref="RedisTls"/>); default: the system's CAs.</summary>
    public string? RedisCa { get; set; }

    /// <summary><c>memory</c> (lost when the silo stops) or <c>redis</c>.</summary>
    public string Storage { get; set; } = "memory";

    public string ServiceId { get; set; } = "certsweep";

    public string ClusterId { get; set; } = "certsweep";

    public string? SiloName { get; set; }

    /// <summary><see cref="SiloName"/>, else the pod's name under <see cref="Kubernetes"/> (which names the silo so),
    /// else <c>&lt;host&gt;-&lt;silo port&gt;</c>.</summary>
    public string ResolvedSiloName => SiloName
        ?? (Kubernetes ? Environment.GetEnvironmentVariable(PodNameVariable) : null)
        ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{SiloPort}");

    /// <summary>The pod's name, which Orleans' Kubernetes hosting reads (set by the downward API).</summary>
    public const string PodNameVariable = "POD_NAME";

    /// <summary>The IP address other silos and clients reach this silo at (Redis clustering); default: this host's address.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary><see cref="AdvertisedAddress"/>, else the pod's IP under <see cref="Kubernetes"/>. Orleans' Kubernetes
    /// hosting applies the pod's IP only where no address is set, and Orleans always sets one (this host's first
    /// address), so the silo advertises the pod's IP itself.</summary>
    public string? ResolvedAdvertisedAddress => AdvertisedAddress
        ?? (Kubernetes ? Environment.GetEnvironmentVariable(PodIPVariable) : null);

    /// <summary>The pod's IP address (set by the downward API).</summary>
    public const string PodIPVariable = "POD_IP";

    /// <summary>The IP address the silo and gateway ports listen on, e.g. <c>0.0.0.0</c> for every IPv4 interface;
    /// default: Orleans' own, the advertised address (loopback with localhost clustering; every interface with
    /// <see cref="Kubernetes"/>).</summary>
    public string? ListenAddress { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost clustering: the silo port of the primary silo (default: this silo is the primary).</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>HTTP port for /healthz, /readyz and Prometheus /metrics; 0: any free port (for tests and side-by-side silos).</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>The IP address /healthz, /readyz and /metrics listen on. Loopback by default: they answer anyone who
    /// reaches them, without authentication, so serving them to a network (<c>0.0.0.0</c> for a Prometheus on another
    /// machine, as the compose file and the Kubernetes manifests do) is a decision to write down.</summary>
    public string HttpAddress { get; set; } = DefaultHttpAddress;

    public const string DefaultHttpAddress = "127.0.0.1";

    /// <summary>PEM file of this silo's certificate: with <see cref="TlsKey"/> and <see cref="TlsCa"/>, every
    /// silo-to-silo and client-to-gateway connection is mutual TLS.</summary>
    public string? TlsCertificate { get; set; }

    /// <summary>PEM file of the private key of <see cref="TlsCertificate"/>.</summary>
    public string? TlsKey { get; set; }

    /// <summary>PEM file of the CA that every silo's and client's certificate must be issued by; the only CA trusted.</summary>
    public string? TlsCa { get; set; }

    /// <summary>Mutual TLS is on (all three files given).</summary>
    public bool UsesTls => TlsCertificate is not null || TlsKey is not null || TlsCa is not null;

    /// <summary>Orleans' Kubernetes hosting on top of Redis clustering: the silo is named after its pod (POD_NAME),
    /// advertises the pod IP (POD_IP), listens on every interface, and a silo whose pod is deleted is declared dead
    /// at once.</summary>
    public bool Kubernetes { get; set; }

    /// <summary><c>auto</c> (every CUDA device, else the CPU), <c>cpu</c>, or a list such as <c>cuda:0,cuda:1</c>.</summary>
    public string Devices { get; set; } = "auto";

    /// <summary>Trials the CPU runs at once when it is the device (0: this silo runs no trials).</summary>
    public int CpuSlots { get; set; } = 1;

    /// <summary>Trials each CUDA device runs at once.</summary>
    public int TrialsPerDevice { get; set; } = 1;

    /// <summary>Where trials keep checkpoints; every silo of a cluster must see the same directory (e.g. NFS).</summary>
    public string CheckpointRoot { get; set; } = "checkpoints";

    /// <summary>Where data sets are looked for (DIR/&lt;dataset&gt;/...).</summary>
    public string? DataRoot { get; set; }

    /// <summary>CPU threads of each trial's tensor operations (default: libtorch's, one per core); with several CPU
    /// slots, cores / slots keeps parallel trials from fighting over the cores.</summary>
    public int? TorchThreads { get; set; }

    /// <summary>How long a graceful stop may take (running trials checkpoint and are handed back).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a finished trial's or sweep's metric series stay on /metrics before they disappear.</summary>
    public TimeSpan MetricsGrace { get; set; } = MetricsOptions.DefaultFinishedGrace;

    /// <summary>The most trials one sweep submitted to this silo may expand to, whatever the client allowed itself.</summary>
    public int MaxTrials { get; set; } = TrialLimit.DefaultMax;

    /// <summary>Every problem with these settings, each naming the setting and the fix.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        var clustering = Clustering.ToLowerInvariant();
        var storage = Storage.ToLowerInvariant();
        Check(clustering is "localhost" or "redis", $"--clustering '{Clustering}' is not known; use localhost or redis.");
        Check(storage is "memory" or "redis", $"--storage '{Storage}' is not known; use memory or redis.");
        Check(!(clustering == "redis" || storage == "redis") || !string.IsNullOrWhiteSpace(Redis),
            "Redis clustering or storage needs --redis HOST:PORT (a StackExchange.Redis connection string).");
        Check(AdvertisedAddress is null || IPAddress.TryParse(AdvertisedAddress, out _), $"--advertised-address '{AdvertisedAddress}' is not an IP address.");
        Check(AdvertisedAddress is not null || ResolvedAdvertisedAddress is null || IPAddress.TryParse(ResolvedAdvertisedAddress, out _),
            $"${PodIPVariable} '{ResolvedAdvertisedAddress}' (the address --kubernetes advertises) is not an IP address.");
        Check(ListenAddress is null || IPAddress.TryParse(ListenAddress, out _), $"--listen-address '{ListenAddress}' is not an IP address (0.0.0.0: every IPv4 interface).");
        Check(IPAddress.TryParse(HttpAddress, out _), $"--http-address '{HttpAddress}' is not an IP address (127.0.0.1: this machine only; 0.0.0.0: every IPv4 interface).");
        Check(!UsesTls || (TlsCertificate is not null && TlsKey is not null && TlsCa is not null),
            "mutual TLS needs all of --tls-certificate, --tls-key and --tls-ca (CERTSWEEP_TLSCERTIFICATE, CERTSWEEP_TLSKEY, CERTSWEEP_TLSCA).");
        Check(RedisCa is null || RedisTls, "--redis-ca is the CA of Redis' TLS certificate; it needs --redis-tls true.");
        Check(!Kubernetes || clustering == "redis", "--kubernetes adds Orleans' Kubernetes hosting to Redis clustering; it needs --clustering redis.");
        foreach (var (name, port) in new[] { ("--silo-port", SiloPort), ("--gateway-port", GatewayPort), ("--http-port", HttpPort), ("--primary-silo-port", PrimarySiloPort ?? 1) })
        {
            Check(port is >= 0 and <= 65535, $"{name} {port.ToString(CultureInfo.InvariantCulture)} is not a port (0-65535).");
        }

        Check(CpuSlots >= 0, $"--cpu-slots {CpuSlots} must be >= 0.");
        Check(TrialsPerDevice >= 1, $"--trials-per-device {TrialsPerDevice} must be >= 1.");
        Check(TorchThreads is null or >= 1, $"--torch-threads {TorchThreads} must be >= 1.");
        Check(!string.IsNullOrWhiteSpace(CheckpointRoot), "--checkpoint-root must name a directory.");
        Check(MetricsGrace >= TimeSpan.Zero, $"--metrics-grace {MetricsGrace} must not be negative.");
        Check(MaxTrials is >= 1 and <= TrialLimit.Ceiling, $"--max-trials {MaxTrials} is not allowed; allowed: {TrialLimit.Allowed}.");
        return errors;
    }
}
