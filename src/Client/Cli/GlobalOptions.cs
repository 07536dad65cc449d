using System.CommandLine;

namespace Certsweep.Client.Cli;

/// <summary>Options every verb accepts (added once to the root command, recursive).</summary>
public static class GlobalOptions
{
    /// <summary><c>--output text|json</c>; absent means text (the enum's default value).</summary>
    public static Option<OutputFormat> Output { get; } = new("--output")
    {
        Description = "Output format: text (default; tables, colors only on a terminal) or json (one document on stdout, for scripts).",
        HelpName = "text|json",
        Recursive = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Enum.TryParse<OutputFormat>(text, ignoreCase: true, out var format) && Enum.IsDefined(format) && !char.IsDigit(text.FirstOrDefault()))
            {
                return format;
            }

            result.AddError($"--output: {text} is not allowed; allowed: text or json");
            return OutputFormat.Text;
        },
    };
}
