using System.CommandLine;
using System.Text.Json;
using Certsweep.Hyperparameters.Values;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Certsweep.Client.Cli;

/// <summary>
/// Where a verb writes, and how: rich output (Spectre.Console tables, colors) only when stdout is a terminal;
/// plain, stable text when it is redirected; colors never when <c>NO_COLOR</c> is set (no-color.org) or
/// <c>TERM=dumb</c>; JSON documents for <c>--output json</c>. Errors go to stderr as one <c>error: ...</c> message.
/// </summary>
public sealed class Terminal
{
    /// <summary>The most characters of one message line printed (a value in it is already cut shorter).</summary>
    public const int MaxMessage = 4_000;

    private readonly Lazy<IAnsiConsole> _rich;

    public Terminal(TextWriter output, TextWriter error, OutputFormat format, bool interactive, bool color, bool errorColor)
    {
        Out = output;
        Error = error;
        Format = format;
        IsInteractive = interactive;
        UseColor = color;
        UseErrorColor = errorColor;
        _rich = new Lazy<IAnsiConsole>(() => AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = UseColor ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = UseColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsInteractive ? InteractionSupport.Yes : InteractionSupport.No,
        }));
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public OutputFormat Format { get; }

    /// <summary>Stdout is a terminal: tables get borders, live views may redraw.</summary>
    public bool IsInteractive { get; }

    public bool UseColor { get; }

    public bool UseErrorColor { get; }

    /// <summary>The Spectre console for live views (progress, status tables); only meaningful when interactive.</summary>
    public IAnsiConsole Rich => _rich.Value;

    /// <summary>The terminal of this invocation: its writers (the console unless a test swapped them) and the
    /// global <c>--output</c>.</summary>
    public static Terminal For(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var colorAllowed = ColorAllowed(Environment.GetEnvironmentVariable);
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var errorIsTerminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        return new Terminal(output, error, parse.GetValue(GlobalOptions.Output), interactive, interactive && colorAllowed, errorIsTerminal && colorAllowed);
    }

    /// <summary>Colors are allowed unless <c>NO_COLOR</c> is set to anything non-empty (no-color.org) or the
    /// terminal is <c>dumb</c>; they are used only where the stream is a terminal.</summary>
    public static bool ColorAllowed(Func<string, string?> environment) =>
        string.IsNullOrEmpty(environment("NO_COLOR")) && environment("TERM") != "dumb";

    /// <summary>Prints <paramref name="error"/> to stderr and returns its exit code.</summary>
    public int Fail(CliError error)
    {
        // Messages may echo what the user wrote (a path, an id, a value): its control characters are shown escaped.
        Error.WriteLine($"{(UseErrorColor ? "\u001b[1;31merror:\u001b[0m" : "error:")} {Echo.Escape(error.Message, MaxMessage)}");
        foreach (var detail in error.Details)
        {
            Error.WriteLine($"  {Echo.Escape(detail, MaxMessage)}");
        }

        return error.ExitCode;
    }

    public void WriteJson<T>(T document) => Out.WriteLine(JsonSerializer.Serialize(document, JsonOutput.Options));

    /// <summary>A heading line (bold on a color terminal).</summary>
    public void WriteHeading(string text)
    {
        if (UseColor)
        {
            Rich.MarkupLine($"[bold]{Markup.Escape(text)}[/]");
        }
        else
        {
            Out.WriteLine(text);
        }
    }

    /// <summary>Label/value lines, aligned; labels dimmed on a color terminal.</summary>
    public void WriteFacts(IEnumerable<(string Label, string Value)> facts)
    {
        var list = facts.ToList();
        var width = list.Count == 0 ? 0 : list.Max(f => f.Label.Length);
        foreach (var (label, value) in list)
        {
            if (UseColor)
            {
                Rich.MarkupLine($"  [grey]{Markup.Escape(label.PadRight(width))}[/]  {Markup.Escape(value)}");
            }
            else
            {
                Out.WriteLine($"  {label.PadRight(width)}  {value}".TrimEnd());
            }
        }
    }

    /// <summary>A table: bordered with Spectre on a terminal, plain columns (two spaces apart) otherwise.</summary>
    public void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var data = rows.ToList();
        if (IsInteractive)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn(new Markup($"[bold]{Markup.Escape(header)}[/]")));
            }

            foreach (var row in data)
            {
                table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
            }

            Rich.Write(table);
            return;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, data.Count == 0 ? 0 : data.Max(r => r[i].Length))).ToArray();
        Out.WriteLine(Line(headers, widths));
        foreach (var row in data)
        {
            Out.WriteLine(Line(row, widths));
        }
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => i == cells.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd();
}
