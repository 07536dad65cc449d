using System.Security.Cryptography.X509Certificates;

namespace Certsweep.Security;

/// <summary>One side's certificate (with its private key) and the CA it checks the other side's certificate against.</summary>
public sealed record MutualTlsCredentials(X509Certificate2 Certificate, CertificateAuthority Authority);
