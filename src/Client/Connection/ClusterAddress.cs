using System.Globalization;

namespace Certsweep.Client.Connection;

/// <summary>
/// Where the client finds the cluster: a Redis server the silos use for clustering
/// (<c>redis://[user:password@]host[:port][/db]</c>, <c>rediss://</c> for TLS) or a silo on this machine
/// (<c>localhost[:gatewayPort]</c>). Client-side only: it names no Orleans or Redis types, the connecting verbs
/// translate it.
/// </summary>
public abstract record ClusterAddress
{
    public const int DefaultRedisPort = 6379;

    /// <summary>Orleans' default silo gateway port.</summary>
    public const int DefaultGatewayPort = 30000;

    public const string Allowed = "redis://host[:port] (Redis clustering; rediss:// for TLS) or localhost[:gateway port] (a silo on this machine)";

    /// <summary>Parses an address; null and a reason (for "allowed: ...") when it is not one.</summary>
    public static ClusterAddress? Parse(string text, out string? problem)
    {
        problem = null;
        var trimmed = text.Trim();
        if (trimmed.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseRedis(trimmed, out problem);
        }

        var parts = trimmed.Split(':');
        if (parts[0].Equals("localhost", StringComparison.OrdinalIgnoreCase) && parts.Length <= 2)
        {
            if (parts.Length == 1)
            {
                return new LocalhostClusterAddress(DefaultGatewayPort);
            }

            if (TryPort(parts[1], out var gateway))
            {
                return new LocalhostClusterAddress(gateway);
            }

            problem = $"a gateway port from 1 to 65535 after localhost: ({Allowed})";
            return null;
        }

        problem = Allowed;
        return null;
    }

    private static RedisClusterAddress? ParseRedis(string text, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            problem = $"a well-formed URL: {Allowed}";
            return null;
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = "redis://[user:password@]host[:port][/db] with no query or fragment";
            return null;
        }

        int? database = null;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db))
            {
                problem = "a database number after the host (redis://host:6379/0)";
                return null;
            }

            database = db;
        }

        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var info = uri.UserInfo.Split(':', 2);
            user = info.Length == 2 && info[0].Length > 0 ? Uri.UnescapeDataString(info[0]) : null;
            password = Uri.UnescapeDataString(info.Length == 2 ? info[1] : info[0]);
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultRedisPort : uri.Port;
        return new RedisClusterAddress(uri.IdnHost, port, uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase), user, password, database);
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
