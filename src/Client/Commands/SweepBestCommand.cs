using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep sweep best &lt;id&gt;</c>: the sweep's first-ranked trial (by its objectives at full eps on its
/// selection split), with its history, and the trials on the Pareto front over verified and clean error.</summary>
public static class SweepBestCommand
{
    public static Command Create()
    {
        var id = SweepArguments.Id();
        var command = new Command("best", "The sweep's best trial (first by its objectives at full eps on its selection split), its per-epoch history and the Pareto front.") { id, ConnectionOptions.Cluster };
        command.SetAction(parse => ClusterVerb.RunAsync(parse, async session =>
        {
            var terminal = session.Terminal;
            var sweepId = parse.GetValue(id)!;
            if (await SweepLookup.FindAsync(session, sweepId) is not { } status)
            {
                return terminal.Fail(SweepLookup.NotFound(session, sweepId));
            }

            if (await session.Client.GetGrain<ISweepCoordinatorGrain>(sweepId).GetBest() is not { } best)
            {
                return terminal.Fail(new CliError(ExitCodes.Unavailable,
                    $"no trial of sweep {sweepId} has finished an epoch at full eps yet ({CellFormat.State(status.State)}); 'certsweep sweep status {sweepId}' shows where they are."));
            }

            if (terminal.Format == OutputFormat.Json)
            {
                terminal.WriteJson(best);
                return ExitCodes.Success;
            }

            terminal.WriteHeading($"best trial of sweep {sweepId} ({status.Ranking.Count} ranked by {SelectionText.RankedBy(status)}): {best.Status.TrialId}");
            terminal.Out.WriteLine(SelectionText.FrontText(status));
            terminal.Out.WriteLine();
            TrialCommand.WriteHistory(terminal, best);
            return ExitCodes.Success;
        }));
        return command;
    }
}
