using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Cli;

/// <summary>
/// Runs a parsed command line with the CLI's conventions: a usage mistake (unknown option, missing argument)
/// is one <c>error:</c> line and exit code 2, not a help dump with exit code 1; an exception no verb expected
/// is one line and exit code 1, not a stack trace (set <c>CERTSWEEP_DEBUG=1</c> to see it). Ctrl+C is left to
/// the verbs (<see cref="Interruption"/>).
/// </summary>
public static class CommandLineRunner
{
    public static async Task<int> InvokeAsync(ParseResult parse, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        configuration.EnableDefaultExceptionHandler = false;

        // Verbs that stop gracefully on Ctrl+C listen themselves (Interruption); the others end at once, as usual.
        configuration.ProcessTerminationTimeout = null;
        var error = configuration.Error;
        if (parse.Action is ParseErrorAction && parse.Errors.Count > 0)
        {
            var names = new List<string>();
            for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
            {
                names.Insert(0, result.Command.Name);
            }

            // The parser's messages quote the words it did not understand: escaped, like every echo of user input.
            error.WriteLine($"error: {Echo.Escape(parse.Errors[0].Message, Terminal.MaxMessage)}");
            foreach (var more in parse.Errors.Skip(1))
            {
                error.WriteLine($"  {Echo.Escape(more.Message, Terminal.MaxMessage)}");
            }

            error.WriteLine($"  (see '{string.Join(' ', names)} --help')");
            return ExitCodes.InvalidInput;
        }

        try
        {
            return await parse.InvokeAsync(configuration);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("error: interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            error.WriteLine(Environment.GetEnvironmentVariable("CERTSWEEP_DEBUG") == "1"
                ? $"error: unexpected failure: {e}"
                : $"error: unexpected failure ({e.GetType().Name}: {e.Message}); run again with CERTSWEEP_DEBUG=1 for details and report it.");
            return ExitCodes.Failure;
        }
    }
}
