using Certsweep.Client.Cli;
using Certsweep.Hyperparameters.Values;
using Certsweep.Security;

namespace Certsweep.Client.Connection;

/// <summary>
/// The client's security settings, each from its option, else its environment variable, else its config file key
/// (a relative path there is relative to the config file), with where it came from: the mutual-TLS certificate, key
/// and CA (all three or none), Redis' CA (for <c>rediss://</c>), and Redis' password from
/// <c>$CERTSWEEP_REDISPASSWORD</c> when the address carries none (a password in a variable is not in the process list).
/// </summary>
public sealed record ClientSecurity(ClientFile? TlsCertificate, ClientFile? TlsKey, ClientFile? TlsCa, ClientFile? RedisCa, string? RedisPassword)
{
    public static readonly ClientSetting TlsCertificateSetting = new("--tls-certificate", "CERTSWEEP_TLSCERTIFICATE", "tls_certificate");

    public static readonly ClientSetting TlsKeySetting = new("--tls-key", "CERTSWEEP_TLSKEY", "tls_key");

    public static readonly ClientSetting TlsCaSetting = new("--tls-ca", "CERTSWEEP_TLSCA", "tls_ca");

    public static readonly ClientSetting RedisCaSetting = new("--redis-ca", "CERTSWEEP_REDISCA", "redis_ca");

    public const string RedisPasswordVariable = "CERTSWEEP_REDISPASSWORD";

    public static ClientSecurity None { get; } = new(null, null, null, null, null);

    /// <summary>The mutual-TLS files, or null when the client connects without TLS.</summary>
    public MutualTlsFiles? Tls => TlsCertificate is null ? null : new MutualTlsFiles(TlsCertificate.Path, TlsKey!.Path, TlsCa!.Path);

    /// <summary>How to reach the Redis of <paramref name="address"/>: its password, else the variable's; its TLS; the
    /// CA; and the mutual-TLS certificate for a Redis that asks clients for one.</summary>
    public RedisSecurity Redis(RedisClusterAddress address) => new(address.Password is null ? RedisPassword : null, address.UseTls, RedisCa?.Path, Tls);

    /// <summary>Resolves the settings, or returns null with an exit-code-2 error.</summary>
    public static ClientSecurity? Resolve(
        ClientSecurityOptions options, Func<string, string?> environment, ClientConfigFile config, ClusterAddress? cluster, out CliError? error)
    {
        error = null;
        ClientFile? Pick(ClientSetting setting, string? option, string? fromFile)
        {
            var variable = environment(setting.Variable);
            return option is not null ? new ClientFile(Path.GetFullPath(option), setting.Option)
                : !string.IsNullOrWhiteSpace(variable) ? new ClientFile(Path.GetFullPath(variable), $"${setting.Variable}")
                : fromFile is not null ? new ClientFile(Path.GetFullPath(fromFile, Path.GetDirectoryName(Path.GetFullPath(config.Path))!), $"{config.Path}: {setting.ConfigKey}")
                : null;
        }

        var password = environment(RedisPasswordVariable);
        var security = new ClientSecurity(
            Pick(TlsCertificateSetting, options.TlsCertificate, config.TlsCertificate),
            Pick(TlsKeySetting, options.TlsKey, config.TlsKey),
            Pick(TlsCaSetting, options.TlsCa, config.TlsCa),
            Pick(RedisCaSetting, options.RedisCa, config.RedisCa),
            string.IsNullOrEmpty(password) ? null : password);
        (ClientSetting Setting, ClientFile? File)[] tls = [(TlsCertificateSetting, security.TlsCertificate), (TlsKeySetting, security.TlsKey), (TlsCaSetting, security.TlsCa)];
        if (tls.Any(t => t.File is not null) && tls.Any(t => t.File is null))
        {
            var given = string.Join(", ", tls.Where(t => t.File is not null).Select(t => $"{t.Setting.Option} from {t.File!.Origin}"));
            var missing = string.Join(", ", tls.Where(t => t.File is null).Select(t => $"{t.Setting.Option} (${t.Setting.Variable}, {t.Setting.ConfigKey})"));
            error = new CliError(ExitCodes.InvalidInput, $"mutual TLS needs a certificate, its key and the CA together; given {Echo.Escape(given)}, missing {missing}.");
            return null;
        }

        if (security.RedisCa is { } redisCa && cluster is RedisClusterAddress { UseTls: false } plain)
        {
            error = new CliError(ExitCodes.InvalidInput,
                $"{Echo.Escape(redisCa.Origin)} names Redis' CA, but the cluster address {Echo.Escape(plain.ToString())} does not use TLS; write it rediss://...");
            return null;
        }

        return security;
    }
}
