namespace Certsweep.Client.Cli;

/// <summary>A failure the user can act on: one message (what is wrong and how to fix it), optional detail lines
/// (e.g. each problem of a spec), and the exit code from <see cref="ExitCodes"/>.</summary>
public sealed record CliError(int ExitCode, string Message, IReadOnlyList<string> Details)
{
    public CliError(int exitCode, string message)
        : this(exitCode, message, Array.Empty<string>())
    {
    }
}
