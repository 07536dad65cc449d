using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Certsweep.Security;

namespace Certsweep.Client.Connection;

/// <summary>
/// Why a gateway would not talk to this client, asked after a connection failed: one TLS handshake with the gateway,
/// as the client would make it, then a short wait. It tells a client without TLS that the gateway wants it, a client
/// that refuses the gateway's certificate why, and a client whose certificate the gateway refuses that it does: the
/// gateway checks a client's certificate once the handshake is done and then closes the connection, where a gateway
/// that accepted it waits for the client to speak.
/// </summary>
public static class TlsProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>How long a gateway that accepted the certificate stays silent before the probe believes it.</summary>
    public static readonly TimeSpan Verdict = TimeSpan.FromSeconds(2);

    /// <summary>Null when TLS is not the problem (or the gateway cannot be asked); otherwise what is wrong and the fix.</summary>
    public static async Task<(string Problem, string Fix)?> DiagnoseAsync(string host, int port, MutualTlsCredentials? tls, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(Timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            return null;
        }

        string? presented = null;
        string? refused = null;
        await using var stream = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, chain, _) =>
        {
            if (certificate is null)
            {
                return false;
            }

            presented = certificate.Subject;
            refused = tls?.Authority.Problem(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), chain);
            return refused is null;
        });
        var gateway = $"the gateway at {host}:{port}";
        try
        {
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ClientCertificates = tls is null ? null : new X509CertificateCollection { tls.Certificate },
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            return (refused, presented, tls) switch
            {
                ({ } problem, _, _) => ($"this client refused the certificate of {gateway}: {problem}",
                    "--tls-ca (or $CERTSWEEP_TLSCA, tls_ca) must name the CA that issued the silos' certificates"),
                (_, null, null) => null,
                (_, null, _) => ($"{gateway} does not answer TLS ({Innermost(e)})", "connect without --tls-certificate, --tls-key and --tls-ca, or start the silos with them"),
                (_, _, null) => ($"{gateway} requires TLS (its certificate: '{presented}') and this client connects without",
                    "give this client a certificate issued by the cluster's CA: --tls-certificate, --tls-key and --tls-ca (or $CERTSWEEP_TLSCERTIFICATE, $CERTSWEEP_TLSKEY, $CERTSWEEP_TLSCA; tls_certificate, tls_key, tls_ca in the config file)"),
                _ => Refused(gateway, tls, Innermost(e)),
            };
        }

        if (tls is null)
        {
            return ($"{gateway} requires TLS (its certificate: '{presented}') and this client connects without",
                "give this client a certificate issued by the cluster's CA: --tls-certificate, --tls-key and --tls-ca (or $CERTSWEEP_TLSCERTIFICATE, $CERTSWEEP_TLSKEY, $CERTSWEEP_TLSCA; tls_certificate, tls_key, tls_ca in the config file)");
        }

        using var verdict = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        verdict.CancelAfter(Verdict);
        try
        {
            var closed = await stream.ReadAsync(new byte[1], verdict.Token) == 0;
            return closed ? Refused(gateway, tls, "it closed the connection after the TLS handshake") : null;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return Refused(gateway, tls, Innermost(e));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    private static (string, string) Refused(string gateway, MutualTlsCredentials tls, string how) =>
        ($"{gateway} refused this client's certificate '{tls.Certificate.Subject}' (issued by '{tls.Certificate.Issuer}'; {how})",
            "use a certificate issued by the CA the silos trust (their --tls-ca; its log names the certificates it refused)");

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message.TrimEnd('.');
    }
}
