namespace Certsweep.Client.Connection;

/// <summary>A file a client setting names (full path) and where the setting came from (<c>--tls-ca</c>, <c>$CERTSWEEP_TLSCA</c>, the config file).</summary>
public sealed record ClientFile(string Path, string Origin)
{
    public override string ToString() => $"{Path} (from {Origin})";
}
