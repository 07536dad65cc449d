using System.Net;
using Certsweep.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Certsweep.Cluster.Tests;

/// <summary>certsweep-silo's <c>--kubernetes</c> switch brings Orleans' Kubernetes hosting (Microsoft.Orleans.Hosting.Kubernetes)
/// into the silo on top of Redis clustering. The silo is built, not started: starting needs a Kubernetes API. The pod's
/// name, namespace and IP come, as in a pod, from the downward API's variables, which this class sets for the one test
/// that needs them (the tests of a class run one at a time; no other class reads these variables).</summary>
public sealed class KubernetesHostingTests
{
    private static readonly string[] Redis = ["--clustering", "redis", "--redis", "127.0.0.1:6379", "--silo-port", "11111", "--gateway-port", "30000", "--http-port", "0"];

    [Fact]
    public async Task The_switch_names_the_silo_after_its_pod_advertises_the_pod_ip_and_listens_everywhere()
    {
        using var pod = new PodVariables("certsweep-silo-3", "certsweep", "10.244.1.7");
        await using var app = SiloWebApplication.Build([.. Redis, "--kubernetes"]);

        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal("certsweep-silo-3", app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
        Assert.Equal(IPAddress.Parse("10.244.1.7"), endpoints.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 11111), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 30000), endpoints.GatewayListeningEndpoint);
    }

    [Fact]
    public async Task Without_the_switch_the_silo_keeps_its_own_name_and_orleans_default_endpoints()
    {
        await using var app = SiloWebApplication.Build([.. Redis, "--silo-name", "plain"]);

        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal("plain", app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
        Assert.Null(endpoints.SiloListeningEndpoint);
        Assert.Null(endpoints.GatewayListeningEndpoint);
    }

    [Fact]
    public void The_switch_needs_redis_clustering()
    {
        var error = Assert.Throws<Certsweep.Hosting.SiloConfigurationException>(() => SiloWebApplication.Build(["--kubernetes"]));

        Assert.Contains("--kubernetes adds Orleans' Kubernetes hosting to Redis clustering; it needs --clustering redis.", error.Errors);
    }

    /// <summary>Sets the downward API's variables for its lifetime and restores what was there before.</summary>
    private sealed class PodVariables : IDisposable
    {
        private readonly Dictionary<string, string?> _before = [];

        public PodVariables(string name, string @namespace, string ip)
        {
            Set(KubernetesHostingOptions.PodNameEnvironmentVariable, name);
            Set(KubernetesHostingOptions.PodNamespaceEnvironmentVariable, @namespace);
            Set(KubernetesHostingOptions.PodIPEnvironmentVariable, ip);
        }

        public void Dispose()
        {
            foreach (var (variable, value) in _before)
            {
                Environment.SetEnvironmentVariable(variable, value);
            }
        }

        private void Set(string variable, string value)
        {
            _before[variable] = Environment.GetEnvironmentVariable(variable);
            Environment.SetEnvironmentVariable(variable, value);
        }
    }
}
