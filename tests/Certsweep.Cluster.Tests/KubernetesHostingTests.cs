using System.Net;
using Certsweep.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Certsweep.Cluster.Tests;

/// <summary>certsweep-silo's <c>--kubernetes</c> switch brings Orleans' Kubernetes hosting (Microsoft.Orleans.Hosting.Kubernetes)
/// into the silo on top of Redis clustering. The silo is built, not started: starting needs a Kubernetes API.</summary>
public sealed class KubernetesHostingTests
{
    private static readonly string[] Redis = ["--clustering", "redis", "--redis", "127.0.0.1:6379", "--silo-port", "11111", "--gateway-port", "30000", "--http-port", "0"];

    [Fact]
    public async Task The_switch_names_the_silo_after_its_pod_and_listens_everywhere()
    {
        // Orleans reads the pod's name, namespace and address from the variables the pod spec sets from its own
        // fields (deploy/k8s/silo.yaml), as in a pod.
        Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNameEnvironmentVariable, "certsweep-silo-3");
        Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNamespaceEnvironmentVariable, "certsweep");
        Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable, "10.244.1.7");
        try
        {
            await using var app = SiloWebApplication.Build([.. Redis, "--kubernetes"]);

            var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            Assert.Equal("certsweep-silo-3", app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
            // The advertised address stays Orleans' own choice, this machine's address (in a pod, the pod's IP), which
            // Orleans 10.4's Kubernetes hosting only replaces when none was chosen.
            Assert.NotNull(endpoints.AdvertisedIPAddress);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 11111), endpoints.SiloListeningEndpoint);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 30000), endpoints.GatewayListeningEndpoint);
        }
        finally
        {
            Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNameEnvironmentVariable, null);
            Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNamespaceEnvironmentVariable, null);
            Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable, null);
        }
    }


    [Fact]
    public async Task Without_the_switch_the_silo_keeps_its_own_name_and_orleans_default_endpoints()
    {
        await using var app = SiloWebApplication.Build([.. Redis, "--silo-name", "plain"]);

        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal("plain", app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
        Assert.Null(endpoints.SiloListeningEndpoint);
        Assert.Null(endpoints.GatewayListeningEndpoint);
        Assert.Null(app.Services.GetService<IConfigureOptions<KubernetesHostingOptions>>());
    }

    [Fact]
    public void The_switch_needs_redis_clustering()
    {
        var error = Assert.Throws<Certsweep.Hosting.SiloConfigurationException>(() => SiloWebApplication.Build(["--kubernetes"]));

        Assert.Contains("--kubernetes adds Orleans' Kubernetes hosting to Redis clustering; it needs --clustering redis.", error.Errors);
    }
}
