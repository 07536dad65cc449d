using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Certsweep.Cluster.Tests.Infrastructure;

/// <summary>
/// Self-signed certificates made for a test, as PEM files in a temporary directory: the cluster's CA and a second,
/// untrusted CA, and leaf certificates (server and client use, valid for localhost and 127.0.0.1) issued by either.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("certsweep-tls-").FullName;
    private readonly Dictionary<string, (X509Certificate2 Certificate, ECDsa Key)> _authorities = [];

    public TestCertificates()
    {
        Ca = Authority("certsweep test CA");
        UntrustedCa = Authority("untrusted CA");
    }

    /// <summary>The cluster's CA (PEM).</summary>
    public string Ca { get; }

    /// <summary>Another CA, which the cluster does not trust (PEM).</summary>
    public string UntrustedCa { get; }

    /// <summary>A certificate named CN=<paramref name="name"/> issued by the CA of the PEM file <paramref name="ca"/>.</summary>
    public (string Certificate, string Key) Issue(string name, string ca)
    {
        var (issuer, issuerKey) = _authorities[ca];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey),
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        return (Write($"{name}.crt", certificate.ExportCertificatePem()), Write($"{name}.key", key.ExportPkcs8PrivateKeyPem()));
    }

    public void Dispose()
    {
        foreach (var (certificate, key) in _authorities.Values)
        {
            certificate.Dispose();
            key.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private string Authority(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        var path = Write($"{name.Replace(' ', '-')}.crt", certificate.ExportCertificatePem());
        _authorities[path] = (certificate, key);
        return path;
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
