using Certsweep.Client.Cli;

namespace Certsweep.Client.Tests.Cli;

/// <summary>Output conventions: plain text when redirected, tables and colors only on a terminal, NO_COLOR.</summary>
public sealed class TerminalTests
{
    private static (Terminal Terminal, StringWriter Out, StringWriter Error) Create(bool interactive, bool color)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        return (new Terminal(output, error, OutputFormat.Text, interactive, color, color), output, error);
    }

    [Fact]
    public void Redirected_tables_are_plain_aligned_columns()
    {
        var (terminal, output, _) = Create(interactive: false, color: false);

        terminal.WriteTable(["#", "model", "lambda"], [["1", "cnn_4layer_bn", "0"], ["2", "cnn", "0.5"]]);

        Assert.Equal("#  model          lambda\n1  cnn_4layer_bn  0\n2  cnn            0.5\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Terminal_tables_have_borders_and_no_escape_codes_without_color()
    {
        var (terminal, output, _) = Create(interactive: true, color: false);

        terminal.WriteTable(["#", "model"], [["1", "cnn"]]);

        Assert.Contains("╭", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_are_one_message_on_stderr_with_the_exit_code()
    {
        var (terminal, output, error) = Create(interactive: false, color: false);

        var code = terminal.Fail(new CliError(ExitCodes.Unavailable, "the cluster at redis://lab:6379 did not answer within 5 s.", ["start a silo"]));

        Assert.Equal(ExitCodes.Unavailable, code);
        Assert.Equal("error: the cluster at redis://lab:6379 did not answer within 5 s.\n  start a silo\n", error.ToString().ReplaceLineEndings("\n"));
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void Colored_errors_only_where_colors_are_on()
    {
        var (terminal, _, error) = Create(interactive: true, color: true);

        terminal.Fail(new CliError(ExitCodes.InvalidInput, "bad"));

        Assert.StartsWith("\u001b[", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("1", null, false)]
    [InlineData("", null, true)]
    [InlineData(null, "dumb", false)]
    [InlineData(null, "xterm-256color", true)]
    public void No_color_and_dumb_terminals_turn_colors_off(string? noColor, string? term, bool allowed) =>
        Assert.Equal(allowed, Terminal.ColorAllowed(name => name switch { "NO_COLOR" => noColor, "TERM" => term, _ => null }));
}
