using System.CommandLine;
using System.Globalization;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep config show</c>: the client's settings after option, environment and config file, and
/// where each came from.</summary>
public static class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", "The client's settings (cluster address, limits).");
        var show = new Command("show", "Print the resolved settings and where each came from.") { ConnectionOptions.Cluster };
        show.SetAction(parse =>
        {
            var terminal = Terminal.For(parse);
            var settings = ClientSettings.Resolve(parse.GetValue(ConnectionOptions.Cluster), null, Environment.GetEnvironmentVariable, out var error,
                securityOptions: ConnectionOptions.ReadSecurity(parse));
            if (settings is null)
            {
                return terminal.Fail(error!);
            }

            var cluster = settings.Cluster?.ToString() ?? $"none (no --cluster, ${ClientSettings.ClusterVariable} or cluster: in the config file)";
            if (terminal.Format == OutputFormat.Json)
            {
                terminal.WriteJson(new
                {
                    ConfigFile = settings.Config.Path,
                    ConfigFileExists = settings.Config.Exists,
                    Cluster = settings.Cluster?.ToString(),
                    ClusterKind = settings.Cluster switch { RedisClusterAddress => "redis", LocalhostClusterAddress => "localhost", _ => null },
                    settings.ClusterOrigin,
                    settings.ClusterId,
                    settings.ServiceId,
                    settings.MaxTrials,
                    settings.MaxTrialsOrigin,
                    TlsCertificate = settings.Security.TlsCertificate?.Path,
                    TlsKey = settings.Security.TlsKey?.Path,
                    TlsCa = settings.Security.TlsCa?.Path,
                    RedisCa = settings.Security.RedisCa?.Path,
                });
                return ExitCodes.Success;
            }

            terminal.WriteFacts(
            [
                ("config file", settings.Config.ToString()),
                ("cluster", $"{cluster}{(settings.Cluster is null ? string.Empty : $" (from {settings.ClusterOrigin})")}"),
                ("cluster_id", settings.ClusterId),
                ("service_id", settings.ServiceId),
                ("max_trials", $"{settings.MaxTrials.ToString(CultureInfo.InvariantCulture)} (from {settings.MaxTrialsOrigin})"),
                ("tls", settings.Security.Tls is null ? "off (no --tls-certificate, --tls-key, --tls-ca)" : "mutual TLS with the gateways"),
                .. new[] { settings.Security.TlsCertificate, settings.Security.TlsKey, settings.Security.TlsCa, settings.Security.RedisCa }
                    .Zip(["tls_certificate", "tls_key", "tls_ca", "redis_ca"])
                    .Where(f => f.First is not null)
                    .Select(f => (f.Second, f.First!.ToString())),
            ]);
            return ExitCodes.Success;
        });
        command.Subcommands.Add(show);
        return command;
    }
}
