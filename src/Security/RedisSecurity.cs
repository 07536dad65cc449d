using StackExchange.Redis;

namespace Certsweep.Security;

/// <summary>
/// How silos and clients authenticate to Redis and protect the connection: a password, TLS, the CA that Redis'
/// certificate must be issued by (default: the system's CAs), and a client certificate for a Redis that asks for one
/// (its <c>tls-auth-clients</c>; the mutual-TLS certificate of the silo or client when it has one).
/// </summary>
public sealed record RedisSecurity(string? Password, bool Tls, string? CertificateAuthority, MutualTlsFiles? ClientCertificate)
{
    public static RedisSecurity None { get; } = new(null, false, null, null);

    /// <summary>Applies these settings to a parsed connection string; a password given here wins over one in the string.</summary>
    public ConfigurationOptions ApplyTo(ConfigurationOptions options)
    {
        if (Password is not null)
        {
            options.Password = Password;
        }

        if (!Tls && !options.Ssl)
        {
            return options;
        }

        options.Ssl = true;
        if (CertificateAuthority is { } ca)
        {
            if (!File.Exists(ca))
            {
                throw new TlsFileException("Redis CA", ca, "file not found");
            }

            options.TrustIssuer(ca);
        }

        if (ClientCertificate is { } client)
        {
            options.SetUserPemCertificate(client.Certificate, client.Key);
        }

        return options;
    }
}
