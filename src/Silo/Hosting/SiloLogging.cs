using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Logging;

namespace Certsweep.Silo.Hosting;

/// <summary>
/// certsweep-silo's log on the console: one line per entry, each beginning with its UTC time in ISO 8601
/// (<c>2025-06-01T12:00:00.123Z info: ...</c>), so that the logs of several silos can be merged and set beside the
/// metrics; and ASP.NET Core below warnings, so that Prometheus scrapes and the probes of /healthz and /readyz (a
/// request every few seconds each) do not write their four lines a request. Both are defaults that appsettings.json,
/// <c>CERTSWEEP_</c> variables or the command line may override (<c>--Logging:LogLevel:Microsoft.AspNetCore=Information</c>,
/// <c>--Logging:Console:FormatterOptions:TimestampFormat=...</c>).
/// </summary>
public static class SiloLogging
{
    /// <summary>The time at the start of each line (UTC, milliseconds, then a space).</summary>
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = nameof(LogLevel.Warning),
        // Polly reports every attempt of Orleans' placement pipeline at information, two lines an activation.
        ["Logging:LogLevel:Polly"] = nameof(LogLevel.Warning),
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = TimestampFormat,
    };

    public static void Configure(WebApplicationBuilder builder)
    {
        // First, so every source the operator controls comes after and wins.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        builder.Logging.AddSimpleConsole();
    }
}
