using System.Text.Json.Nodes;
using Certsweep.Observability.Tests.Infrastructure;
using Certsweep.TestSupport;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Certsweep.Observability.Tests;

/// <summary>
/// The shipped deploy/ files: promtool accepts the Prometheus configuration and rules and passes the rules' unit
/// tests; the compose stack, the Grafana provisioning and the dashboard fit together (no Docker here, so the
/// compose file is checked structurally: every file, service, port and volume it names exists and matches).
/// </summary>
public sealed class ShippedConfigTests
{
    private static readonly string PrometheusDirectory = Path.Combine(RepositoryFiles.Deploy, "prometheus");

    [Fact]
    public async Task Promtool_accepts_the_prometheus_configuration_and_its_rule_files()
    {
        var (exitCode, output) = await Promtool.RunAsync(PrometheusDirectory, "check", "config", "prometheus.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 1 rule files found", output, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_accepts_the_alert_rules_and_their_unit_tests_pass()
    {
        var check = await Promtool.RunAsync(PrometheusDirectory, "check", "rules", "alerts.yml");
        var test = await Promtool.RunAsync(PrometheusDirectory, "test", "rules", "alerts.test.yml");

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("SUCCESS: 5 rules found", check.Output, StringComparison.Ordinal);
        Assert.True(test.ExitCode == 0, test.Output);
    }

    [Fact]
    public void Compose_runs_redis_gpu_silos_prometheus_and_grafana_with_files_that_exist()
    {
        var compose = Compose();
        var services = Map(compose["services"]);
        Assert.Contains("redis", services.Keys);
        Assert.Contains("prometheus", services.Keys);
        Assert.Contains("grafana", services.Keys);
        var silos = services.Where(s => s.Key.StartsWith("silo-", StringComparison.Ordinal)).ToList();
        Assert.True(silos.Count >= 2, "at least two silos");

        var gpus = new List<string>();
        foreach (var (name, value) in silos)
        {
            var silo = Map(value);
            var environment = Map(silo["environment"]);
            Assert.Equal("redis:6379", environment["CERTSWEEP_REDIS"]);
            Assert.Equal("redis", environment["CERTSWEEP_CLUSTERING"]);
            Assert.Equal("redis", environment["CERTSWEEP_STORAGE"]);
            Assert.Equal("8080", environment["CERTSWEEP_HTTPPORT"]);
            Assert.Contains("checkpoints:/checkpoints", List(silo["volumes"]));
            Assert.Equal("/checkpoints", environment["CERTSWEEP_CHECKPOINTROOT"]);
            Assert.Equal(["--silo-name", name], List(silo["command"]));

            var build = Map(silo["build"]);
            var context = Path.GetFullPath(Path.Combine(RepositoryFiles.Deploy, (string)build["context"]));
            Assert.Equal(RepositoryFiles.Root.TrimEnd('/'), context.TrimEnd('/'));
            Assert.True(File.Exists(Path.Combine(context, (string)build["dockerfile"])), $"{name}: the Dockerfile is missing");

            var device = Map(((List<object>)Map(Map(Map(silo["deploy"])["resources"])["reservations"])["devices"]).Single());
            Assert.Equal("nvidia", device["driver"]);
            Assert.Contains("gpu", List(device["capabilities"]));
            gpus.AddRange(List(device["device_ids"]));
        }

        Assert.Equal(gpus.Distinct(), gpus);

        // Prometheus scrapes exactly the compose silos, on their HTTP port.
        var prometheusConfig = Yaml(RepositoryFiles.PrometheusConfig);
        var job = ((List<object>)prometheusConfig["scrape_configs"]).Select(Map).Single(j => (string)j["job_name"] == "certsweep-silo");
        var targets = ((List<object>)job["static_configs"]).Select(Map).SelectMany(c => List(c["targets"]));
        Assert.Equal(silos.Select(s => $"{s.Key}:8080").Order(), targets.Order());

        // Every bind mount exists; every named volume is declared.
        var declared = Map(compose["volumes"]).Keys.ToHashSet();
        foreach (var (name, value) in services)
        {
            foreach (var volume in Map(value).TryGetValue("volumes", out var v) ? List(v) : [])
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith('.'))
                {
                    Assert.True(Path.Exists(Path.Combine(RepositoryFiles.Deploy, source)), $"{name} mounts {source}, which does not exist");
                }
                else
                {
                    Assert.Contains(source, declared);
                }
            }
        }

        var prometheus = Map(services["prometheus"]);
        Assert.Contains("./prometheus:/etc/prometheus:ro", List(prometheus["volumes"]));
        Assert.Contains("--config.file=/etc/prometheus/prometheus.yml", List(prometheus["command"]));
        Assert.Contains("9090:9090", List(prometheus["ports"]));
    }

    [Fact]
    public void Grafana_provisions_the_prometheus_data_source_and_the_dashboard_from_the_mounted_files()
    {
        var grafana = Map(Map(Compose()["services"])["grafana"]);
        var mounts = List(grafana["volumes"]).Select(v => v.Split(':')).Where(v => v[0].StartsWith('.')).ToDictionary(v => v[1], v => v[0]);
        var provisioning = Path.Combine(RepositoryFiles.Deploy, mounts["/etc/grafana/provisioning"]);

        var datasource = Map(((List<object>)Yaml(Path.Combine(provisioning, "datasources", "prometheus.yaml"))["datasources"]).Single());
        Assert.Equal("prometheus", datasource["type"]);
        Assert.Equal("http://prometheus:9090", datasource["url"]);

        var provider = Map(((List<object>)Yaml(Path.Combine(provisioning, "dashboards", "certsweep.yaml"))["providers"]).Single());
        Assert.Equal("file", provider["type"]);
        var dashboardsPath = (string)Map(provider["options"])["path"];
        var dashboards = Path.Combine(RepositoryFiles.Deploy, mounts[dashboardsPath]);
        Assert.True(File.Exists(Path.Combine(dashboards, "certsweep.json")));
        var home = (string)Map(grafana["environment"])["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"];
        Assert.Equal(Path.Combine(dashboardsPath, "certsweep.json"), home);

        // Every panel, target and variable uses the provisioned data source.
        var dashboard = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Dashboard))!;
        var uids = dashboard["panels"]!.AsArray().Where(p => (string)p!["type"]! != "row")
            .SelectMany(p => new[] { p!["datasource"] }.Concat(p!["targets"]!.AsArray().Select(t => t!["datasource"])))
            .Concat(dashboard["templating"]!["list"]!.AsArray().Select(v => v!["datasource"]))
            .Select(d => (string)d!["uid"]!)
            .Distinct();
        Assert.Equal([(string)datasource["uid"]], uids);
        Assert.Equal("sweep", (string)dashboard["templating"]!["list"]![0]!["name"]!);
    }

    [Fact]
    public void The_cpu_override_changes_only_the_silos_and_resets_their_gpu_reservations()
    {
        var services = Map(Compose()["services"]).Keys.ToHashSet();
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(RepositoryFiles.Deploy, "docker-compose.cpu.yml")))
        {
            yaml.Load(reader);
        }

        var overridden = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        Assert.Equal(services.Where(s => s.StartsWith("silo-", StringComparison.Ordinal)).Order(), overridden.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());
        foreach (var silo in overridden.Children.Values.Cast<YamlMappingNode>())
        {
            Assert.Equal("!reset", silo["deploy"].Tag.Value);
            Assert.Equal("cpu", ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)silo["build"])["args"])["TORCH_BACKEND"]).Value);
        }
    }

    [Fact]
    public void The_silo_image_builds_the_projects_and_runs_the_assemblies_that_exist()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryFiles.Deploy, "silo.Dockerfile"));

        foreach (var project in new[] { "src/Silo/Certsweep.Silo.csproj", "src/Client/Certsweep.Client.csproj" })
        {
            Assert.Contains($"dotnet publish {project} -c Release -p:TorchBackend=${{TORCH_BACKEND}}", dockerfile, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(RepositoryFiles.Root, project)), project);
        }

        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/certsweep-silo.dll\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains("<AssemblyName>certsweep-silo</AssemblyName>", File.ReadAllText(Path.Combine(RepositoryFiles.Root, "src/Silo/Certsweep.Silo.csproj")), StringComparison.Ordinal);
        Assert.Contains("<AssemblyName>certsweep</AssemblyName>", File.ReadAllText(Path.Combine(RepositoryFiles.Root, "src/Client/Certsweep.Client.csproj")), StringComparison.Ordinal);
        var cli = Map(Map(Compose()["services"])["cli"]);
        Assert.Equal(["dotnet", "/app/certsweep.dll"], List(cli["entrypoint"]));
    }

    /// <summary>docker-compose.yml as plain maps and lists, with its anchors and merge keys resolved as compose does.</summary>
    private static Dictionary<string, object> Compose()
    {
        using var reader = File.OpenText(RepositoryFiles.Compose);
        return Map(new DeserializerBuilder().Build().Deserialize<object>(new MergingParser(new Parser(reader)))!);
    }

    private static Dictionary<string, object> Yaml(string path)
    {
        using var reader = File.OpenText(path);
        return Map(new DeserializerBuilder().Build().Deserialize<object>(reader)!);
    }

    private static Dictionary<string, object> Map(object node) =>
        ((Dictionary<object, object>)node).ToDictionary(e => (string)e.Key, e => e.Value);

    private static List<string> List(object node) => ((List<object>)node).Select(o => (string)o).ToList();
}
