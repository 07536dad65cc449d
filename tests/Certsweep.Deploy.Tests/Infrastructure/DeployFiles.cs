namespace Certsweep.Deploy.Tests.Infrastructure;

/// <summary>The repository's deploy/ files under test.</summary>
public static class DeployFiles
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy");

    /// <summary>deploy/k8s: the Kubernetes manifests and their kustomization.</summary>
    public static string Kubernetes => Path.Combine(Deploy, "k8s");

    public static string Kustomization => Path.Combine(Kubernetes, "kustomization.yaml");

    public static string ConfigMapGenerator => Path.Combine(Kubernetes, "generate-configmaps.sh");

    public static string AlertRules => Path.Combine(Deploy, "prometheus", "alerts.yml");

    public static string GrafanaProvisioning => Path.Combine(Deploy, "grafana", "provisioning");

    public static string Dashboard => Path.Combine(Deploy, "grafana", "dashboards", "certsweep.json");

    public static string Readme => Path.Combine(Deploy, "README.md");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Distributed.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Distributed.sln above {AppContext.BaseDirectory}");
    }
}
