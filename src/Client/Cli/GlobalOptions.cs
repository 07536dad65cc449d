using System.CommandLine;

namespace Certsweep.Client.Cli;

/// <summary>Options every verb accepts (added once to the root command, recursive).</summary>
public static class GlobalOptions
{
    public static Option<OutputFormat> Output { get; } = new("--output")
    {
        Description = "Output format: text (tables, colors only on a terminal) or json (one document on stdout, for scripts).",
        HelpName = "text|json",
        DefaultValueFactory = _ => OutputFormat.Text,
        Recursive = true,
    };
}
