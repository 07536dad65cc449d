using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary>
/// <c>certsweep sweep results &lt;id&gt; --format table|csv|json|markdown [--pareto]</c>: one row per trial, best first
/// (by the sweep's objectives at full eps on its selection split), each with its Pareto front over verified and clean
/// error; <c>--pareto</c> keeps the trials on the first front. JSON is the whole record: the status and every trial's
/// every epoch.
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
        var pareto = new Option<bool>("--pareto")
        {
            Description = "Only the trials on the Pareto front over verified and clean error (no ranked trial is better on both).",
        };
        var command = new Command("results", "A sweep's results, best trial first, as a table, CSV, JSON or Markdown.") { id, format, pareto, ConnectionOptions.Cluster };
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
            var frontOnly = parse.GetValue(pareto);
            SweepStatus Shown(SweepStatus status) => frontOnly ? SelectionText.OnlyFront(status) : status;
            switch (chosen)
            {
                case ResultsFormat.Json:
                    var results = await coordinator.GetResults();
                    var shown = Shown(results.Status);
                    terminal.WriteJson(results with { Status = shown, Trials = results.Trials.Where(t => shown.Trials.Any(s => s.Number == t.Status.Number)).ToList() });
                    break;
                case ResultsFormat.Csv:
                    terminal.Out.Write(SweepResultsTable.Csv(Shown(await coordinator.GetStatus())));
                    break;
                case ResultsFormat.Markdown:
                    terminal.Out.Write(SweepResultsTable.Markdown(Shown(await coordinator.GetStatus())));
                    break;
                default:
                    SweepResultsTable.Write(terminal, Shown(await coordinator.GetStatus()));
                    break;
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
