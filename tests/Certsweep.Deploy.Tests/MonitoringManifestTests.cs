using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Certsweep.Deploy.Tests.Infrastructure;
using Certsweep.TestSupport;
using YamlDotNet.RepresentationModel;
using k8s.Models;

namespace Certsweep.Deploy.Tests;

/// <summary>
/// Prometheus and Grafana in deploy/k8s: the ConfigMaps carry deploy/prometheus' rules and deploy/grafana's
/// dashboard and provisioning byte for byte (and generate-configmaps.sh writes exactly them); Prometheus discovers
/// the silo pods, promtool accepts its configuration as mounted, and a real Prometheus relabels discovered silo
/// pods into one target per silo on its http port.
/// </summary>
public sealed class MonitoringManifestTests
{
    private readonly KubernetesManifests _manifests = KubernetesManifests.LoadShipped();

    [Fact]
    public void The_dashboard_config_map_is_deploy_grafanas_dashboard_byte_for_byte()
    {
        var dashboard = _manifests.Get<V1ConfigMap>("certsweep-dashboard");

        Assert.Equal(["certsweep.json"], dashboard.Data.Keys);
        Assert.True(File.ReadAllBytes(DeployFiles.Dashboard).SequenceEqual(Encoding.UTF8.GetBytes(dashboard.Data["certsweep.json"])),
            "certsweep-dashboard differs from deploy/grafana/dashboards/certsweep.json: run deploy/k8s/generate-configmaps.sh");
        Assert.Equal("1", dashboard.Metadata.Labels["grafana_dashboard"]);
    }

    [Fact]
    public void The_rules_config_map_is_deploy_prometheus_alerts_byte_for_byte()
    {
        var rules = _manifests.Get<V1ConfigMap>("prometheus-rules");

        Assert.Equal(["alerts.yml"], rules.Data.Keys);
        Assert.True(File.ReadAllBytes(DeployFiles.AlertRules).SequenceEqual(Encoding.UTF8.GetBytes(rules.Data["alerts.yml"])),
            "prometheus-rules differs from deploy/prometheus/alerts.yml: run deploy/k8s/generate-configmaps.sh");
    }

    [Fact]
    public void Generate_configmaps_writes_exactly_the_committed_config_maps()
    {
        var output = Directory.CreateTempSubdirectory("certsweep-k8s-generated-").FullName;
        try
        {
            var start = new ProcessStartInfo("bash") { ArgumentList = { DeployFiles.ConfigMapGenerator, output }, RedirectStandardError = true };
            using (var process = Process.Start(start)!)
            {
                var errors = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, errors);
            }

            var generated = Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["grafana-dashboard.yaml", "grafana-provisioning.yaml", "prometheus-rules.yaml"], generated);
            foreach (var file in generated)
            {
                Assert.True(File.ReadAllBytes(Path.Combine(output, file!)).SequenceEqual(File.ReadAllBytes(Path.Combine(DeployFiles.Kubernetes, file!))),
                    $"deploy/k8s/{file} is not what generate-configmaps.sh writes: run it");
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Grafana_provisions_deploy_grafanas_files_against_the_prometheus_service_and_the_mounted_dashboard()
    {
        var grafana = _manifests.Workload("grafana");
        var container = grafana.Container("grafana");
        var mounts = container.VolumeMounts.ToDictionary(m => m.Name, m => m.MountPath);
        var provisioning = grafana.Pod.Volumes.Single(v => v.ConfigMap?.Name == "grafana-provisioning");
        var data = _manifests.Get<V1ConfigMap>("grafana-provisioning").Data;

        // Each provisioning file lands where Grafana looks (provisioning/<kind>/), with deploy/grafana's bytes.
        Assert.Equal(data.Keys.Order(StringComparer.Ordinal), provisioning.ConfigMap.Items.Select(i => i.Key).Order(StringComparer.Ordinal));
        foreach (var item in provisioning.ConfigMap.Items)
        {
            var source = Path.Combine(DeployFiles.GrafanaProvisioning, item.Path);
            Assert.True(File.Exists(source), $"{item.Path} is not a file of deploy/grafana/provisioning");
            Assert.True(File.ReadAllBytes(source).SequenceEqual(Encoding.UTF8.GetBytes(data[item.Key])), $"{item.Key} differs from {source}: run deploy/k8s/generate-configmaps.sh");
        }

        Assert.Equal("/etc/grafana/provisioning", mounts[provisioning.Name]);

        var datasource = (YamlMappingNode)((YamlSequenceNode)Yaml(data["datasources-prometheus.yaml"])["datasources"]).Single();
        var url = new Uri(Text(datasource["url"]));
        var service = _manifests.Get<V1Service>(url.Host);
        Assert.Contains(service.Spec.Ports, p => p.Port == url.Port);
        Assert.True(_manifests.Workload("prometheus").IsSelectedBy(service.Spec.Selector));

        var provider = (YamlMappingNode)((YamlSequenceNode)Yaml(data["dashboards-certsweep.yaml"])["providers"]).Single();
        var dashboards = grafana.Pod.Volumes.Single(v => v.ConfigMap?.Name == "certsweep-dashboard");
        Assert.Equal(Text(((YamlMappingNode)provider["options"])["path"]), mounts[dashboards.Name]);
        var home = container.Env.Single(e => e.Name == "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").Value;
        Assert.Equal($"{mounts[dashboards.Name]}/certsweep.json", home);
    }

    [Fact]
    public void Prometheus_discovers_the_silo_pods_of_its_own_namespace_and_may_list_them()
    {
        var prometheus = _manifests.Workload("prometheus");
        using var mounted = MountedPrometheusConfig.Lay(_manifests, prometheus);
        var job = SiloJob(mounted.Read());

        var discovery = (YamlMappingNode)((YamlSequenceNode)job["kubernetes_sd_configs"]).Single();
        Assert.Equal("pod", Text(discovery["role"]));
        Assert.Equal("true", Text(((YamlMappingNode)discovery["namespaces"])["own_namespace"]));
        var selector = (YamlMappingNode)((YamlSequenceNode)discovery["selectors"]).Single();
        Assert.Equal("pod", Text(selector["role"]));
        var label = Text(selector["label"]).Split('=');
        var silo = _manifests.Workload("certsweep-silo");
        Assert.Equal(label[1], silo.Template.Metadata.Labels[label[0]]);
        Assert.Equal([silo], _manifests.Workloads.Where(w => w.Template.Metadata.Labels.TryGetValue(label[0], out var v) && v == label[1]));

        var verbs = _manifests.All<V1RoleBinding>()
            .Where(b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == prometheus.Pod.ServiceAccountName))
            .SelectMany(b => _manifests.Get<V1Role>(b.RoleRef.Name).Rules)
            .Where(r => r.ApiGroups.Contains("") && r.Resources.Contains("pods"))
            .SelectMany(r => r.Verbs);
        Assert.Empty(new[] { "list", "watch" }.Except(verbs));
    }

    [Fact]
    public async Task Promtool_accepts_the_configuration_and_the_rules_as_the_prometheus_pod_mounts_them()
    {
        using var mounted = MountedPrometheusConfig.Lay(_manifests, _manifests.Workload("prometheus"));
        var config = mounted.WithFileDiscovery(SiloPodTargets());

        var (exitCode, output) = await Promtool.RunAsync(Path.GetDirectoryName(config)!, "check", "config", config);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 1 rule files found", output, StringComparison.Ordinal);
        Assert.Contains("SUCCESS: 5 rules found", output, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_scrapes_each_silo_pod_once_on_its_http_port_labelled_with_the_pod_name()
    {
        var silo = _manifests.Workload("certsweep-silo");
        var http = silo.Container("silo").Ports.Single(p => p.Name == "http").ContainerPort;
        var targets = SiloPodTargets();
        using var mounted = MountedPrometheusConfig.Lay(_manifests, _manifests.Workload("prometheus"));
        await using var prometheus = await PrometheusServer.StartAsync(mounted.WithFileDiscovery(targets));

        var pods = targets.Select(t => t.Labels["__meta_kubernetes_pod_name"]).Distinct().ToList();
        JsonElement data;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            // File discovery reaches the scrape manager within about 5 s.
            await Task.Delay(250);
            data = await prometheus.TargetsAsync();
        }
        while (SiloTargets(data.GetProperty("activeTargets")).Count < pods.Count && DateTime.UtcNow < deadline);

        var active = SiloTargets(data.GetProperty("activeTargets"))
            .Select(t => (Silo: Label(t, "silo"), Instance: Label(t, "instance"), Url: t.GetProperty("scrapeUrl").GetString()!))
            .OrderBy(t => t.Silo, StringComparer.Ordinal);
        var expected = targets.Where(t => t.Labels["__meta_kubernetes_pod_container_port_name"] == "http")
            .Select(t => (Silo: t.Labels["__meta_kubernetes_pod_name"], Instance: t.Labels["__meta_kubernetes_pod_name"], Url: $"http://{t.Address}/metrics"));
        Assert.True(active.SequenceEqual(expected), $"active silo targets: {string.Join(", ", active)}{Environment.NewLine}{prometheus.Output}");
        Assert.All(expected, t => Assert.EndsWith($":{http.ToString(CultureInfo.InvariantCulture)}/metrics", t.Url, StringComparison.Ordinal));
        Assert.Equal(targets.Count - pods.Count, SiloTargets(data.GetProperty("droppedTargets"), "discoveredLabels").Count);

        var rules = (await prometheus.RulesAsync()).GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray());
        Assert.Equal(5, rules.Count());
    }

    /// <summary>What Kubernetes pod discovery finds for the silo StatefulSet: a target per pod and container
    /// port, with its meta labels; addresses on loopback (127.0.0.2, .3, ...) stand for the pod IPs.</summary>
    private List<(string Address, IReadOnlyDictionary<string, string> Labels)> SiloPodTargets()
    {
        var silo = _manifests.Get<V1StatefulSet>("certsweep-silo");
        var container = silo.Spec.Template.Spec.Containers.Single(c => c.Name == "silo");
        return Enumerable.Range(0, silo.Spec.Replicas ?? 1)
            .SelectMany(i => container.Ports.Select(port => (
                Address: $"127.0.0.{(i + 2).ToString(CultureInfo.InvariantCulture)}:{port.ContainerPort.ToString(CultureInfo.InvariantCulture)}",
                Labels: (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
                {
                    ["__meta_kubernetes_namespace"] = silo.Metadata.NamespaceProperty,
                    ["__meta_kubernetes_pod_name"] = $"{silo.Metadata.Name}-{i.ToString(CultureInfo.InvariantCulture)}",
                    ["__meta_kubernetes_pod_container_name"] = container.Name,
                    ["__meta_kubernetes_pod_container_port_name"] = port.Name,
                    ["__meta_kubernetes_pod_container_port_number"] = port.ContainerPort.ToString(CultureInfo.InvariantCulture),
                })))
            .ToList();
    }

    private static YamlMappingNode SiloJob(YamlMappingNode config) =>
        ((YamlSequenceNode)config["scrape_configs"]).Cast<YamlMappingNode>().Single(j => Text(j["job_name"]) == "certsweep-silo");

    private static List<JsonElement> SiloTargets(JsonElement targets, string labels = "labels") =>
        targets.EnumerateArray().Where(t => t.GetProperty(labels).TryGetProperty("job", out var job) && job.GetString() == "certsweep-silo").ToList();

    private static string Label(JsonElement target, string name) => target.GetProperty("labels").GetProperty(name).GetString()!;

    private static YamlMappingNode Yaml(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value!;
}
