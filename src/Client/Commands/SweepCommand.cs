using System.CommandLine;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep sweep ...</c>: submit, run, list, watch, cancel sweeps and pull their results.</summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var command = new Command("sweep", "Submit, run, follow and cancel sweeps; pull their results.");
        command.Subcommands.Add(SweepSubmitCommand.Create());
        command.Subcommands.Add(SweepListCommand.Create());
        command.Subcommands.Add(SweepStatusCommand.Create());
        command.Subcommands.Add(SweepCancelCommand.Create());
        command.Subcommands.Add(SweepResultsCommand.Create());
        command.Subcommands.Add(SweepBestCommand.Create());
        return command;
    }
}
