using Orleans.Connections.Security;

namespace Certsweep.Security;

/// <summary>
/// Orleans' TLS settings (<see cref="TlsOptions"/>, Microsoft.Orleans.Connections.Security) for mutual TLS with
/// <see cref="MutualTlsCredentials"/>: this side presents its certificate, requires one from the other side, and
/// accepts it only if it is issued by the given CA (<see cref="CertificateAuthority.Problem"/>), not by whatever the
/// system trusts. The same settings serve both directions of a connection: a silo's inbound silo and gateway ports,
/// its outbound silo connections, and a client's gateway connections.
/// </summary>
public static class MutualTls
{
    /// <summary>The settings for one kind of connection; <paramref name="refused"/> gets the reason whenever this side
    /// refuses the other side's certificate (a silo logs it, the CLI reports it).</summary>
    public static TlsOptions Options(MutualTlsCredentials credentials, Action<string> refused) => new()
    {
        LocalCertificate = credentials.Certificate,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        // Called with the platform's verdict, which is against the system's CAs and the host name; the CA check
        // replaces it (see CertificateAuthority.Problem for why host names are not checked).
        RemoteCertificateValidation = (certificate, chain, _) =>
        {
            if (credentials.Authority.Problem(certificate, chain) is not { } problem)
            {
                return true;
            }

            refused(problem);
            return false;
        },
    };
}
