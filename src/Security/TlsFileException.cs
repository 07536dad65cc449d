namespace Certsweep.Security;

/// <summary>A certificate, key or CA file that cannot be used; the message names its role, the file and why.</summary>
public sealed class TlsFileException(string role, string path, string problem)
    : Exception($"the {role} {path} cannot be used: {problem.TrimEnd('.')}")
{
    public string Role { get; } = role;

    public string FilePath { get; } = path;
}
