namespace Certsweep.Client.Connection;

/// <summary>The security files named on the command line (<see cref="ConnectionOptions.Security"/>); null: not given.</summary>
public sealed record ClientSecurityOptions(string? TlsCertificate, string? TlsKey, string? TlsCa, string? RedisCa)
{
    public static ClientSecurityOptions None { get; } = new(null, null, null, null);
}
