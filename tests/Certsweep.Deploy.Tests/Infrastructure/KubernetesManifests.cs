using k8s;
using k8s.Models;

namespace Certsweep.Deploy.Tests.Infrastructure;

/// <summary>
/// Every Kubernetes object in the YAML files of a directory (deploy/k8s), read with the KubernetesClient package's
/// typed models in strict mode: a field the model does not have (a misspelt or misplaced one), a duplicate key or
/// a kind the package does not know is an error naming the file. kustomization.yaml is kustomize's, not an object.
/// </summary>
public sealed class KubernetesManifests
{
    private KubernetesManifests(IReadOnlyList<Manifest> objects) => Objects = objects;

    public IReadOnlyList<Manifest> Objects { get; }

    /// <summary>The manifest files: every .yaml/.yml file of the directory but kustomization.yaml.</summary>
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Order(StringComparer.Ordinal)
            .ToList();

    public static KubernetesManifests Load(string directory) =>
        new(Files(directory).SelectMany(f => Parse(File.ReadAllText(f), Path.GetFileName(f)).Select(o => new Manifest(Path.GetFileName(f), o))).ToList());

    /// <summary>deploy/k8s as shipped.</summary>
    public static KubernetesManifests LoadShipped() => Load(DeployFiles.Kubernetes);

    /// <summary>The objects of one YAML text (documents separated by ---), strictly.</summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Parse(string yaml, string file)
    {
        List<object> objects;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(yaml, strict: true);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }

        return objects.Select(o => o as IKubernetesObject<V1ObjectMeta> ?? throw new InvalidDataException($"{file}: {o.GetType().Name} has no metadata")).ToList();
    }

    public IEnumerable<T> All<T>() => Objects.Select(m => m.Object).OfType<T>();

    /// <summary>The one object of type <typeparamref name="T"/> named <paramref name="name"/>.</summary>
    public T Get<T>(string name) where T : IKubernetesObject<V1ObjectMeta>
    {
        var found = All<T>().Where(o => o.Metadata.Name == name).ToList();
        Assert.True(found.Count == 1, $"expected one {typeof(T).Name} named {name}, found {found.Count}");
        return found[0];
    }

    /// <summary>The pod templates of every workload (StatefulSets and Deployments), by workload name.</summary>
    public IReadOnlyList<Workload> Workloads =>
        All<V1StatefulSet>().Select(s => new Workload(s.Metadata.Name, s.Metadata.NamespaceProperty, s.Spec.Template))
            .Concat(All<V1Deployment>().Select(d => new Workload(d.Metadata.Name, d.Metadata.NamespaceProperty, d.Spec.Template)))
            .ToList();

    public Workload Workload(string name) => Workloads.Single(w => w.Name == name);
}

/// <summary>One object and the file it is in.</summary>
public sealed record Manifest(string File, IKubernetesObject<V1ObjectMeta> Object);

/// <summary>A StatefulSet's or Deployment's name, namespace and pod template.</summary>
public sealed record Workload(string Name, string Namespace, V1PodTemplateSpec Template)
{
    public V1PodSpec Pod => Template.Spec;

    public V1Container Container(string name) => Pod.Containers.Single(c => c.Name == name);

    /// <summary>The container port a probe's or Service's port names (a port name, or a number as text).</summary>
    public V1ContainerPort? FindPort(string nameOrNumber) =>
        Pod.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == nameOrNumber || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == nameOrNumber);

    /// <summary>Whether a Service selector selects this workload's pods.</summary>
    public bool IsSelectedBy(IDictionary<string, string> selector) =>
        selector.Count > 0 && selector.All(s => Template.Metadata.Labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
