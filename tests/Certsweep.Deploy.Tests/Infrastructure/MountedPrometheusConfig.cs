using System.Text.Json;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Certsweep.Deploy.Tests.Infrastructure;

/// <summary>
/// The Prometheus pod's configuration files laid out in a temporary directory as the pod sees them (its
/// ConfigMap and projected volumes at their mount paths), so that relative paths such as rule_files resolve as in
/// the pod. Debian's Prometheus is built without Kubernetes discovery, so <see cref="WithFileDiscovery"/> writes a
/// copy whose kubernetes_sd_configs are file discovery of given targets.
/// </summary>
public sealed class MountedPrometheusConfig : IDisposable
{
    private MountedPrometheusConfig(string directory, string configFile)
    {
        Directory = directory;
        ConfigFile = configFile;
    }

    /// <summary>The stand-in for the pod's file system root.</summary>
    public string Directory { get; }

    /// <summary>--config.file, under <see cref="Directory"/>.</summary>
    public string ConfigFile { get; }

    public static MountedPrometheusConfig Lay(KubernetesManifests manifests, Workload prometheus)
    {
        var root = System.IO.Directory.CreateTempSubdirectory("certsweep-k8s-prometheus-").FullName;
        var container = prometheus.Container("prometheus");
        foreach (var mount in container.VolumeMounts)
        {
            var volume = prometheus.Pod.Volumes.Single(v => v.Name == mount.Name);
            var sources = volume.Projected?.Sources.Select(s => s.ConfigMap).OfType<V1ConfigMapProjection>().Select(c => (c.Name, c.Items))
                ?? (volume.ConfigMap is { } map ? [(map.Name, map.Items)] : []);
            foreach (var (name, items) in sources)
            {
                var data = manifests.Get<V1ConfigMap>(name).Data;
                var files = items?.Select(i => (i.Path, data[i.Key])) ?? data.Select(d => (d.Key, d.Value));
                foreach (var (path, text) in files)
                {
                    var file = Path.Combine(root, mount.MountPath.TrimStart('/'), path);
                    System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, text);
                }
            }
        }

        var configArg = container.Args.Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal));
        return new MountedPrometheusConfig(root, Path.Combine(root, configArg["--config.file=".Length..].TrimStart('/')));
    }

    /// <summary>The configuration, parsed.</summary>
    public YamlMappingNode Read()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(ConfigFile))
        {
            yaml.Load(reader);
        }

        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    /// <summary>
    /// Writes a copy of the configuration beside the original (so relative paths still resolve) whose jobs
    /// discover <paramref name="targets"/> (file_sd JSON: targets and labels, as Kubernetes discovery would give
    /// them) instead of their kubernetes_sd_configs, and returns its path.
    /// </summary>
    public string WithFileDiscovery(IReadOnlyList<(string Address, IReadOnlyDictionary<string, string> Labels)> targets)
    {
        var directory = Path.GetDirectoryName(ConfigFile)!;
        var targetsFile = Path.Combine(directory, "discovered.json");
        File.WriteAllText(targetsFile, JsonSerializer.Serialize(targets.Select(t => new { targets = new[] { t.Address }, labels = t.Labels })));

        var config = Read();
        foreach (var job in ((YamlSequenceNode)config["scrape_configs"]).Cast<YamlMappingNode>())
        {
            if (job.Children.Remove(new YamlScalarNode("kubernetes_sd_configs")))
            {
                job.Add("file_sd_configs", new YamlSequenceNode(new YamlMappingNode("files", new YamlSequenceNode(new YamlScalarNode(targetsFile)))));
            }
        }

        var file = Path.Combine(directory, "prometheus-file-discovery.yml");
        using (var writer = File.CreateText(file))
        {
            new YamlStream(new YamlDocument(config)).Save(writer, assignAnchors: false);
        }

        return file;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
