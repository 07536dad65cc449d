using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Certsweep.Security;

/// <summary>
/// The certificate authority a peer's certificate must be issued by: the self-signed CA certificates of a PEM file,
/// trusted instead of the system's store (a certificate from any public CA is refused unless that CA is in the file).
/// </summary>
public sealed class CertificateAuthority
{
    private readonly X509Certificate2Collection _roots;

    private CertificateAuthority(string path, X509Certificate2Collection roots)
    {
        Path = path;
        _roots = roots;
    }

    /// <summary>The PEM file the CA came from.</summary>
    public string Path { get; }

    /// <summary>The CA certificates' subjects, for messages.</summary>
    public string Subjects => string.Join(", ", _roots.Select(r => r.Subject));

    /// <summary>Reads every certificate of a PEM file; a missing, unreadable or empty file is a <see cref="TlsFileException"/>.</summary>
    public static CertificateAuthority Load(string path, string role)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new TlsFileException(role, path, e.Message);
        }

        return roots.Count == 0 ? throw new TlsFileException(role, path, "it holds no PEM certificate") : new CertificateAuthority(path, roots);
    }

    /// <summary>Null when <paramref name="certificate"/> chains to one of these CAs and is valid now; otherwise why
    /// not. Intermediate certificates the peer sent along (<paramref name="presented"/>) may complete the chain.
    /// Host names are not checked: a silo is reached at an address it advertises, often an address that changes
    /// (a pod's), so membership of the cluster is proven by the CA's signature alone.</summary>
    public string? Problem(X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                if (!element.Certificate.Equals(certificate))
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        var reasons = chain.ChainStatus.Select(s => s.StatusInformation.Trim().TrimEnd('.')).Where(s => s.Length > 0).Distinct();
        return $"the certificate '{certificate.Subject}' (issued by '{certificate.Issuer}') is not issued by the CA in {Path} ({Subjects}): {string.Join("; ", reasons)}";
    }
}
