using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Certsweep.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Certsweep.Silo.Hosting;

/// <summary>The certsweep-silo web application: an ASP.NET Core host with the Orleans silo, serving /healthz,
/// /readyz and Prometheus /metrics (<see cref="SiloTelemetry"/>).</summary>
public static class SiloWebApplication
{
    /// <summary>Builds the application from the command line and CERTSWEEP_ environment variables.
    /// <paramref name="configureSilo"/> runs before the certsweep services are added (the scheduling benchmark
    /// registers its stand-in trainer there).</summary>
    public static WebApplication Build(string[] args, Action<ISiloBuilder>? configureSilo = null)
    {
        args = CertsweepSiloHost.ExpandFlags(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("CERTSWEEP_");
        builder.Configuration.AddCommandLine(args, CertsweepSiloHost.Switches.ToDictionary(s => s.Key, s => s.Value));
        var options = CertsweepSiloHost.ReadOptions(builder.Configuration);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new SiloConfigurationException(errors);
        }

        builder.WebHost.UseUrls(HttpUrl(options));
        SiloLogging.Configure(builder);

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.AddSiloTelemetry(options);
        if (options.Clustering.Equals("redis", StringComparison.OrdinalIgnoreCase) || options.Storage.Equals("redis", StringComparison.OrdinalIgnoreCase))
        {
            // Before Orleans' own hosted service, which it stops from starting.
            builder.Services.AddHostedService(_ => new RedisAuthenticationCheck(CertsweepSiloHost.RedisOptions(options)));
        }

        var membership = builder.Configuration.GetSection("Membership");
        builder.UseOrleans(silo =>
        {
            CertsweepSiloHost.ConfigureClustering(silo, options);
            if (options.Kubernetes)
            {
                silo.UseKubernetesHosting();
            }

            silo.Configure<ClusterMembershipOptions>(membership);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadiness>());
            configureSilo?.Invoke(silo);
            CertsweepSiloHost.AddCertsweep(silo, options);
        });
        var app = builder.Build();
        app.MapSiloEndpoints();
        return app;
    }

    /// <summary>Where /healthz, /readyz and /metrics listen: <see cref="CertsweepSiloOptions.HttpAddress"/> and port
    /// (port 0: a free one).</summary>
    public static string HttpUrl(CertsweepSiloOptions options)
    {
        var address = IPAddress.Parse(options.HttpAddress);
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{options.HttpPort}");
    }
}
