namespace Certsweep.Client.Cli;

/// <summary>The global <c>--output</c>: text for people, json (one document on stdout) for scripts.</summary>
public enum OutputFormat
{
    Text,
    Json,
}
