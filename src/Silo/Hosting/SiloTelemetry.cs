using Certsweep.Grains.Metrics;
using Certsweep.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Certsweep.Silo.Hosting;

/// <summary>
/// What a certsweep-silo serves over HTTP: Prometheus text at <c>/metrics</c> (OpenTelemetry: certsweep's meters,
/// Orleans' <c>Microsoft.Orleans</c>, .NET runtime and ASP.NET Core metrics; docs/metrics.md), <c>/healthz</c>
/// (the process is up) and <c>/readyz</c> (<see cref="SiloReadiness"/>).
/// </summary>
public static class SiloTelemetry
{
    public const string OrleansMeter = "Microsoft.Orleans";

    public static void AddSiloTelemetry(this WebApplicationBuilder builder, CertsweepSiloOptions options)
    {
        builder.Services.AddSingleton<SiloReadiness>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("certsweep-silo", serviceVersion: typeof(SiloTelemetry).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: options.ResolvedSiloName))
            .WithMetrics(metrics => metrics
                .AddMeter([.. CertsweepMeters.All, OrleansMeter])
                .AddRuntimeInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
    }

    public static void MapSiloEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/readyz", (SiloReadiness readiness) => readiness.IsActive
            ? Results.Text("ready")
            : Results.Text("not ready: the silo is starting or stopping", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapPrometheusScrapingEndpoint();
    }
}
