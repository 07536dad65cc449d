using System.Globalization;
using System.Reflection;
using Certsweep.Deploy.Tests.Infrastructure;
using Certsweep.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting.Kubernetes;
using k8s.Models;

namespace Certsweep.Deploy.Tests;

/// <summary>
/// The silo StatefulSet of deploy/k8s/silo.yaml against the silo's own settings (its environment bound by
/// certsweep-silo's code), Orleans' Kubernetes hosting (its label and variable names from the package), Redis and
/// the Secrets: ports, probes, slots = GPUs, graceful termination, shared volumes, RBAC, TLS.
/// </summary>
public sealed class SiloManifestTests
{
    /// <summary>The certsweep CLI's cluster address (its ClientSettings.ClusterVariable), for kubectl exec.</summary>
    private const string CliCluster = "CERTSWEEP_CLUSTER";

    private readonly KubernetesManifests _manifests = KubernetesManifests.LoadShipped();

    private Workload Silo => _manifests.Workload("certsweep-silo");

    private V1Container SiloContainer => Silo.Container("silo");

    private IReadOnlyDictionary<string, string> Environment => ContainerEnvironment.Resolve(SiloContainer, ContainerEnvironment.FieldStandIns(Silo));

    private CertsweepSiloOptions Options => ContainerEnvironment.SiloOptions(Environment);

    [Fact]
    public void Every_silo_setting_is_one_certsweep_silo_reads_and_together_they_validate()
    {
        var bound = typeof(CertsweepSiloOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var settings = ContainerEnvironment.SiloSettings(Environment).Keys.Where(k => ContainerEnvironment.Prefix + k != CliCluster).ToList();

        var unknown = settings.Where(s => !bound.Contains(s));
        Assert.Empty(unknown);
        Assert.Empty(Options.Validate());
        Assert.Equal("redis", Options.Clustering);
        Assert.Equal("redis", Options.Storage);
    }

    [Fact]
    public void The_silo_gateway_and_http_ports_are_container_ports_the_silo_listens_on_everywhere()
    {
        var options = Options;
        var ports = SiloContainer.Ports.ToDictionary(p => p.Name, p => p.ContainerPort);

        Assert.Equal(new Dictionary<string, int> { ["silo"] = 11111, ["gateway"] = 30000, ["http"] = 8080 }, ports);
        Assert.Equal(ports["silo"], options.SiloPort);
        Assert.Equal(ports["gateway"], options.GatewayPort);
        Assert.Equal(ports["http"], options.HttpPort);
        Assert.Equal("0.0.0.0", options.ListenAddress);
        Assert.Equal("0.0.0.0", options.HttpAddress);

        var gateway = _manifests.Get<V1Service>("certsweep-gateway").Spec.Ports.Single();
        Assert.Equal(options.GatewayPort, gateway.Port);
        Assert.Equal("gateway", gateway.TargetPort.Value);
        var annotations = Silo.Template.Metadata.Annotations;
        Assert.Equal(options.HttpPort.ToString(CultureInfo.InvariantCulture), annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
    }

    [Fact]
    public void Readiness_is_readyz_and_liveness_and_startup_are_healthz_on_the_http_port()
    {
        var container = SiloContainer;
        var http = container.Ports.Single(p => p.ContainerPort == Options.HttpPort).Name;

        Assert.Equal(("/readyz", http), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
        Assert.Equal(("/healthz", http), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));
        Assert.Equal(("/healthz", http), (container.StartupProbe.HttpGet.Path, container.StartupProbe.HttpGet.Port.Value));
    }

    [Fact]
    public void Each_silo_offers_exactly_one_slot_per_gpu_it_requests()
    {
        var resources = SiloContainer.Resources;
        var gpus = resources.Limits["nvidia.com/gpu"].ToInt64();
        if (resources.Requests?.TryGetValue("nvidia.com/gpu", out var requested) == true)
        {
            Assert.Equal(gpus, requested.ToInt64());
        }

        var options = Options;
        var devices = options.Devices.Split(',', StringSplitOptions.TrimEntries);

        Assert.True(gpus >= 1);
        // The container sees its own GPUs as cuda:0..N-1: the list names each once, and the silo fails at start if
        // one is missing instead of offering fewer slots.
        Assert.Equal(Enumerable.Range(0, (int)gpus).Select(i => $"cuda:{i.ToString(CultureInfo.InvariantCulture)}"), devices);
        Assert.Equal(1, options.TrialsPerDevice);
        Assert.Equal(0, options.CpuSlots);
        Assert.Equal(gpus, devices.Length * options.TrialsPerDevice);

        // libtorch's CPU threads are the pod's CPU request, not the node's cores.
        Assert.Equal((int)resources.Requests!["cpu"].ToDecimal(), options.TorchThreads);
    }

    [Fact]
    public void The_grace_period_outlasts_the_shutdown_timeout_that_checkpoints_and_hands_trials_back()
    {
        var grace = TimeSpan.FromSeconds(Silo.Pod.TerminationGracePeriodSeconds ?? 30);
        var shutdown = Options.ShutdownTimeout;

        // Stated in the manifest, not left to the silo's default, so the two numbers are read side by side.
        Assert.Contains(SiloContainer.Env, e => e.Name == "CERTSWEEP_SHUTDOWNTIMEOUT");
        // Past the shutdown timeout the process still leaves membership and exits.
        Assert.True(grace >= shutdown + TimeSpan.FromSeconds(15), $"grace period {grace} is not the shutdown timeout {shutdown} plus 15 s");
        // A preStop hook would run before SIGTERM and eat into the grace period.
        Assert.Null(SiloContainer.Lifecycle?.PreStop);
    }

    [Fact]
    public void Checkpoints_and_data_sets_are_read_write_many_claims_mounted_at_the_configured_roots()
    {
        var options = Options;

        foreach (var root in new[] { options.CheckpointRoot, options.DataRoot! })
        {
            var mount = SiloContainer.VolumeMounts.Single(m => m.MountPath == root);
            Assert.NotEqual(true, mount.ReadOnlyProperty);
            var claim = Silo.Pod.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim;
            Assert.True(claim is not null, $"{root} is not a PersistentVolumeClaim shared by every silo pod");
            var pvc = _manifests.Get<V1PersistentVolumeClaim>(claim.ClaimName);
            Assert.Equal(["ReadWriteMany"], pvc.Spec.AccessModes);
        }

        Assert.Null(_manifests.Get<V1StatefulSet>(Silo.Name).Spec.VolumeClaimTemplates);
    }

    [Fact]
    public void Orleans_kubernetes_hosting_gets_the_pod_identity_and_the_labels_it_selects_silos_by()
    {
        var env = SiloContainer.Env.Where(e => e.ValueFrom?.FieldRef is not null).ToDictionary(e => e.Name, e => e.ValueFrom.FieldRef.FieldPath);
        var labels = Silo.Template.Metadata.Labels;
        var options = Options;

        Assert.True(options.Kubernetes);
        Assert.Equal("metadata.name", env[KubernetesHostingOptions.PodNameEnvironmentVariable]);
        Assert.Equal("metadata.namespace", env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]);
        Assert.Equal("status.podIP", env[KubernetesHostingOptions.PodIPEnvironmentVariable]);
        Assert.Equal(options.ServiceId, labels[KubernetesHostingOptions.ServiceIdLabel]);
        Assert.Equal(options.ClusterId, labels[KubernetesHostingOptions.ClusterIdLabel]);

        // Silos are named after their pods and advertise the pod IP (as the hosting would), and the ids are not
        // overridden behind the labels' back.
        Assert.Equal($"{Silo.Name}-0", options.ResolvedSiloName);
        Assert.Equal(ContainerEnvironment.FieldStandIns(Silo)["status.podIP"], options.AdvertisedAddress);
        Assert.DoesNotContain(KubernetesHostingOptions.ServiceIdEnvironmentVariable, Environment.Keys);
        Assert.DoesNotContain(KubernetesHostingOptions.ClusterIdEnvironmentVariable, Environment.Keys);
    }

    [Fact]
    public void The_silo_service_account_may_read_label_watch_and_delete_the_pods_of_its_namespace()
    {
        var account = Silo.Pod.ServiceAccountName;
        Assert.NotNull(_manifests.Get<V1ServiceAccount>(account));
        Assert.NotEqual(false, Silo.Pod.AutomountServiceAccountToken);

        // get and patch: the hosting labels its own pod; list and watch: it follows the cluster's pods; delete: the
        // pods of silos declared dead (its DeleteDefunctSiloPods option).
        string[] needed = ["get", "list", "watch", "patch", "delete"];
        var granted = _manifests.All<V1RoleBinding>()
            .Where(b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account && s.NamespaceProperty == Silo.Namespace))
            .Where(b => b.RoleRef.Kind == "Role" && b.RoleRef.ApiGroup == "rbac.authorization.k8s.io")
            .Select(b => _manifests.Get<V1Role>(b.RoleRef.Name))
            .Where(r => r.Metadata.NamespaceProperty == Silo.Namespace)
            .SelectMany(r => r.Rules)
            .Where(rule => rule.ApiGroups.Contains("") && rule.Resources.Contains("pods"))
            .SelectMany(rule => rule.Verbs)
            .ToHashSet();
        Assert.Empty(needed.Except(granted));
    }

    [Fact]
    public void Mutual_tls_files_are_mounted_read_only_from_the_tls_secret_where_the_settings_point()
    {
        var volume = Silo.Pod.Volumes.Single(v => v.Secret?.SecretName == "certsweep-tls");
        var mount = SiloContainer.VolumeMounts.Single(m => m.Name == volume.Name);
        var files = volume.Secret.Items.ToDictionary(i => i.Key, i => $"{mount.MountPath}/{i.Path}");

        var options = Options;

        Assert.True(mount.ReadOnlyProperty);
        Assert.True(options.UsesTls);
        Assert.Equal(files["tls.crt"], options.TlsCertificate);
        Assert.Equal(files["tls.key"], options.TlsKey);
        Assert.Equal(files["ca.crt"], options.TlsCa);
    }

    [Fact]
    public void Silos_reach_redis_through_its_service_with_the_password_redis_requires()
    {
        var options = Options;
        var (host, port) = (options.Redis!.Split(':')[0], int.Parse(options.Redis.Split(':')[1], CultureInfo.InvariantCulture));
        var service = _manifests.Get<V1Service>(host);
        Assert.Contains(service.Spec.Ports, p => p.Port == port);
        var redis = _manifests.Workloads.Single(w => w.IsSelectedBy(service.Spec.Selector));
        var server = redis.Container("redis");

        var serverPassword = server.Env.Single(e => e.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef;
        var siloPassword = SiloContainer.Env.Single(e => e.Name == "CERTSWEEP_REDISPASSWORD").ValueFrom.SecretKeyRef;
        Assert.Equal((serverPassword.Name, serverPassword.Key), (siloPassword.Name, siloPassword.Key));
        Assert.Equal($"secret:{siloPassword.Name}/{siloPassword.Key}", options.RedisPassword);
        Assert.Equal("--requirepass $(REDIS_PASSWORD)", Pair(server.Args, "--requirepass"));

        // The CLI in a silo pod (kubectl exec) reaches the same Redis; it reads the password from the same variable
        // (its ClientSecurity.RedisPasswordVariable), so the password is neither in the URL nor in the process list.
        Assert.Equal($"redis://{options.Redis}", Environment[CliCluster]);
        Assert.Contains(SiloContainer.Env, e => e.Name == "CERTSWEEP_REDISPASSWORD");
    }

    [Fact]
    public void Redis_appends_every_write_to_a_volume_of_its_own()
    {
        var redis = _manifests.Get<V1StatefulSet>("redis");
        var server = redis.Spec.Template.Spec.Containers.Single(c => c.Name == "redis");

        Assert.Equal("--appendonly yes", Pair(server.Args, "--appendonly"));
        var data = server.VolumeMounts.Single(m => m.MountPath == "/data");
        var claim = redis.Spec.VolumeClaimTemplates.Single(t => t.Metadata.Name == data.Name);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.Equal(1, redis.Spec.Replicas);
    }

    private static string Pair(IList<string> args, string option)
    {
        var i = args.IndexOf(option);
        Assert.True(i >= 0 && i + 1 < args.Count, $"{option} is missing from {string.Join(' ', args)}");
        return $"{option} {args[i + 1]}";
    }
}
