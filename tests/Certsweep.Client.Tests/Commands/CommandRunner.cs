using System.CommandLine;

namespace Certsweep.Client.Tests.Commands;

/// <summary>Runs one verb as the CLI would, capturing what it writes.</summary>
internal static class CommandRunner
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(Command verb, params string[] args)
    {
        var root = new RootCommand("test") { verb };
        root.Options.Add(Certsweep.Client.Cli.GlobalOptions.Output);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
