using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary>
/// <c>certsweep sweep results &lt;id&gt; --format table|csv|json|markdown</c>: one row per trial, best first (by verified
/// error at full eps). JSON is the whole record: the status and every trial's every epoch.
/// </summary>
public static class SweepResultsCommand
{
    public static Command Create()
    {
        var id = SweepArguments.Id();
        var format = new Option<ResultsFormat?>("--format")
        {
            Description = "table (default), csv (every field, errors as fractions), json (status and every epoch of every trial) or markdown.",
            HelpName = "table|csv|json|markdown",
        };
        var command = new Command("results", "A sweep's results, best trial first, as a table, CSV, JSON or Markdown.") { id, format, ConnectionOptions.Cluster };
        command.SetAction(parse => ClusterVerb.RunAsync(parse, async session =>
        {
            var terminal = session.Terminal;
            var sweepId = parse.GetValue(id)!;
            if (await SweepLookup.FindAsync(session, sweepId) is null)
            {
                return terminal.Fail(SweepLookup.NotFound(session, sweepId));
            }

            var chosen = parse.GetValue(format) ?? (terminal.Format == OutputFormat.Json ? ResultsFormat.Json : ResultsFormat.Table);
            var coordinator = session.Client.GetGrain<ISweepCoordinatorGrain>(sweepId);
            switch (chosen)
            {
                case ResultsFormat.Json:
                    terminal.WriteJson(await coordinator.GetResults());
                    break;
                case ResultsFormat.Csv:
                    terminal.Out.Write(SweepResultsTable.Csv(await coordinator.GetStatus()));
                    break;
                case ResultsFormat.Markdown:
                    terminal.Out.Write(SweepResultsTable.Markdown(await coordinator.GetStatus()));
                    break;
                default:
                    SweepResultsTable.Write(terminal, await coordinator.GetStatus());
                    break;
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
