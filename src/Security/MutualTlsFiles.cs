using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Certsweep.Security;

/// <summary>
/// The PEM files of one side of mutual TLS: its own certificate and private key, and the CA whose certificates it
/// accepts from the other side. Silos and clients use the same three (certsweep-silo's <c>--tls-certificate</c>,
/// <c>--tls-key</c>, <c>--tls-ca</c>; the CLI's options and config keys of the same names).
/// </summary>
public sealed record MutualTlsFiles(string Certificate, string Key, string CertificateAuthority)
{
    /// <summary>Reads and checks the three files; a <see cref="TlsFileException"/> names the one that is wrong.</summary>
    public MutualTlsCredentials Load()
    {
        X509Certificate2 certificate;
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(Certificate, Key);
            // SslStream wants a key it can hand to the platform's TLS; a PKCS#12 round trip gives one on every OS.
            certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var missing = File.Exists(Certificate) ? File.Exists(Key) ? null : Key : Certificate;
            throw missing is not null
                ? new TlsFileException(missing == Key ? "TLS key" : "TLS certificate", missing, "file not found")
                : new TlsFileException("TLS certificate and key", $"{Certificate} + {Key}", e.Message);
        }

        return new MutualTlsCredentials(certificate, Security.CertificateAuthority.Load(CertificateAuthority, "TLS CA"));
    }
}
