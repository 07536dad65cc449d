namespace Certsweep.Observability.Tests.Infrastructure;

/// <summary>The shipped files under test: deploy/ and docs/metrics.md.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string PrometheusConfig => Path.Combine(Deploy, "prometheus", "prometheus.yml");

    public static string AlertRules => Path.Combine(Deploy, "prometheus", "alerts.yml");

    public static string AlertRuleTests => Path.Combine(Deploy, "prometheus", "alerts.test.yml");

    public static string Dashboard => Path.Combine(Deploy, "grafana", "dashboards", "certsweep.json");

    public static string Compose => Path.Combine(Deploy, "docker-compose.yml");

    public static string MetricsDoc => Path.Combine(Root, "docs", "metrics.md");

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
