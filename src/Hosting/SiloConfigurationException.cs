namespace Certsweep.Hosting;

/// <summary>Settings a silo cannot start with; the message lists every problem and its fix.</summary>
public sealed class SiloConfigurationException(IReadOnlyList<string> errors)
    : Exception("Invalid silo settings:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
