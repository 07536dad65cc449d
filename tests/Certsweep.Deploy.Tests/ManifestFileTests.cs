using System.Text.RegularExpressions;
using Certsweep.Deploy.Tests.Infrastructure;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Certsweep.Deploy.Tests;

/// <summary>
/// deploy/k8s as a whole: every file is valid Kubernetes (strictly typed), kustomize applies all of them in one
/// namespace, and the objects fit together: Services and probes name ports the pods have, claims exist, and the
/// Secrets created by hand are the ones the README creates.
/// </summary>
public sealed partial class ManifestFileTests
{
    [Fact]
    public void Every_manifest_file_reads_strictly_as_typed_kubernetes_objects()
    {
        var files = KubernetesManifests.Files(DeployFiles.Kubernetes);
        var manifests = KubernetesManifests.LoadShipped();

        Assert.NotEmpty(files);
        foreach (var file in files.Select(Path.GetFileName))
        {
            Assert.True(manifests.Objects.Any(m => m.File == file), $"{file} holds no Kubernetes object");
        }

        var duplicates = manifests.Objects.GroupBy(m => (m.Object.Kind, m.Object.Metadata.Name)).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
        Assert.All(manifests.Objects, m => Assert.False(string.IsNullOrEmpty(m.Object.ApiVersion), $"{m.File}: {m.Object.Kind} without apiVersion"));
    }

    [Fact]
    public void Strict_reading_rejects_a_misspelt_field_and_an_unknown_kind_that_lenient_reading_lets_through()
    {
        var silo = File.ReadAllText(Path.Combine(DeployFiles.Kubernetes, "silo.yaml"));
        Assert.Contains("terminationGracePeriodSeconds:", silo, StringComparison.Ordinal);
        var misspelt = silo.Replace("terminationGracePeriodSeconds:", "terminationGracePeriodSecond:", StringComparison.Ordinal);

        // Lenient reading drops the field: the pod would get the default 30 s grace period without a word.
        var lenient = KubernetesYaml.LoadAllFromString(misspelt).OfType<V1StatefulSet>().Single();
        Assert.Null(lenient.Spec.Template.Spec.TerminationGracePeriodSeconds);
        var error = Assert.Throws<InvalidDataException>(() => KubernetesManifests.Parse(misspelt, "silo.yaml"));
        Assert.Contains("silo.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("terminationGracePeriodSecond", error.Message, StringComparison.Ordinal);

        var unknownKind = silo.Replace("kind: StatefulSet", "kind: StatefulSett", StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => KubernetesManifests.Parse(unknownKind, "silo.yaml"));
    }

    [Fact]
    public void The_kustomization_applies_every_manifest_in_the_one_namespace()
    {
        var manifests = KubernetesManifests.LoadShipped();
        var kustomization = Kustomization();

        var resources = ((YamlSequenceNode)kustomization["resources"]).Select(Text).Order(StringComparer.Ordinal);
        Assert.Equal(KubernetesManifests.Files(DeployFiles.Kubernetes).Select(Path.GetFileName).Order(StringComparer.Ordinal), resources);

        var ns = manifests.All<V1Namespace>().Single().Metadata.Name;
        Assert.Equal(ns, Text(kustomization["namespace"]));
        foreach (var manifest in manifests.Objects.Where(m => m.Object is not V1Namespace))
        {
            Assert.True(manifest.Object.Metadata.NamespaceProperty == ns, $"{manifest.File}: {manifest.Object.Kind} {manifest.Object.Metadata.Name} is not in namespace {ns}");
        }

        Assert.All(manifests.All<V1RoleBinding>().SelectMany(b => b.Subjects), s => Assert.Equal(ns, s.NamespaceProperty));

        // The silo image is the one kustomization.yaml's `images` points at the pushed build.
        var image = (YamlMappingNode)((YamlSequenceNode)kustomization["images"]).Single();
        Assert.Equal(Text(image["name"]), manifests.Workload("certsweep-silo").Container("silo").Image);
    }

    [Fact]
    public void Every_service_selects_one_workload_and_targets_ports_its_pods_have()
    {
        var manifests = KubernetesManifests.LoadShipped();

        foreach (var service in manifests.All<V1Service>())
        {
            var selected = manifests.Workloads.Where(w => w.IsSelectedBy(service.Spec.Selector)).ToList();
            Assert.True(selected.Count == 1, $"Service {service.Metadata.Name} selects {selected.Count} workloads");
            foreach (var port in service.Spec.Ports)
            {
                var target = port.TargetPort?.Value ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(selected[0].FindPort(target) is not null, $"Service {service.Metadata.Name} port {port.Name} targets {target}, which {selected[0].Name}'s pods do not have");
            }
        }
    }

    [Fact]
    public void Every_probe_targets_a_port_its_container_has()
    {
        var manifests = KubernetesManifests.LoadShipped();
        var probed = 0;
        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.Pod.Containers)
            {
                Assert.True(container.ReadinessProbe is not null, $"{workload.Name}/{container.Name} has no readiness probe");
                Assert.True(container.LivenessProbe is not null, $"{workload.Name}/{container.Name} has no liveness probe");
                foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe }.OfType<V1Probe>())
                {
                    var port = probe.HttpGet?.Port.Value ?? probe.TcpSocket?.Port.Value;
                    if (port is not null)
                    {
                        Assert.True((container.Ports ?? []).Any(p => p.Name == port || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == port),
                            $"{workload.Name}/{container.Name} probes port {port}, which it does not have");
                        probed++;
                    }
                }
            }
        }

        Assert.True(probed >= 6);
    }

    [Fact]
    public void Every_claim_a_pod_mounts_exists_and_every_mount_names_a_volume()
    {
        var manifests = KubernetesManifests.LoadShipped();
        var claims = manifests.All<V1PersistentVolumeClaim>().Select(c => c.Metadata.Name).ToHashSet();

        foreach (var workload in manifests.Workloads)
        {
            var templates = manifests.All<V1StatefulSet>().Where(s => s.Metadata.Name == workload.Name)
                .SelectMany(s => s.Spec.VolumeClaimTemplates ?? []).Select(t => t.Metadata.Name).ToHashSet();
            var volumes = (workload.Pod.Volumes ?? []).Select(v => v.Name).Concat(templates).ToHashSet();
            foreach (var volume in workload.Pod.Volumes ?? [])
            {
                if (volume.PersistentVolumeClaim is { } claim)
                {
                    Assert.True(claims.Contains(claim.ClaimName), $"{workload.Name} mounts claim {claim.ClaimName}, which no manifest creates");
                }
            }

            foreach (var mount in workload.Pod.Containers.SelectMany(c => c.VolumeMounts ?? []))
            {
                Assert.True(volumes.Contains(mount.Name), $"{workload.Name} mounts volume {mount.Name}, which it does not define");
            }
        }
    }

    [Fact]
    public void Every_secret_the_pods_read_is_created_with_its_keys_by_the_readme()
    {
        var manifests = KubernetesManifests.LoadShipped();
        var used = new HashSet<(string Secret, string Key)>();
        foreach (var workload in manifests.Workloads)
        {
            foreach (var reference in workload.Pod.Containers.SelectMany(c => c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>())
            {
                used.Add((reference.Name, reference.Key));
            }

            foreach (var secret in (workload.Pod.Volumes ?? []).Select(v => v.Secret).OfType<V1SecretVolumeSource>())
            {
                Assert.True(secret.Items is { Count: > 0 }, $"{workload.Name} mounts Secret {secret.SecretName} without naming its keys");
                used.UnionWith(secret.Items.Select(i => (secret.SecretName, i.Key)));
            }
        }

        // `kubectl -n certsweep create secret generic NAME --from-literal=KEY=... --from-file=KEY=...`, continued lines joined.
        var readme = File.ReadAllText(DeployFiles.Readme).Replace("\\\n", " ", StringComparison.Ordinal);
        var created = CreateSecret().Matches(readme)
            .SelectMany(m => SecretKey().Matches(m.Groups["rest"].Value).Select(k => (m.Groups["name"].Value, k.Groups[1].Value)))
            .ToHashSet();
        Assert.True(used.Count >= 5);
        Assert.Empty(used.Except(created));
    }

    private static YamlMappingNode Kustomization()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(DeployFiles.Kustomization))
        {
            yaml.Load(reader);
        }

        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value!;

    [GeneratedRegex(@"create secret generic (?<name>[a-z0-9-]+)(?<rest>[^\n]*)")]
    private static partial Regex CreateSecret();

    [GeneratedRegex(@"--from-(?:literal|file)=([A-Za-z0-9._-]+)=")]
    private static partial Regex SecretKey();
}
