using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep sweep cancel &lt;id&gt;</c>: pending trials never start, running ones stop before their next
/// batch; returns once they have stopped. Finished trials keep their results.</summary>
public static class SweepCancelCommand
{
    public static Command Create()
    {
        var id = SweepArguments.Id();
        var command = new Command("cancel", "Cancel a sweep: pending trials never start, running ones stop within a batch; results so far are kept.") { id, ConnectionOptions.Cluster };
        command.SetAction(parse => ClusterVerb.RunAsync(parse, async session =>
        {
            var terminal = session.Terminal;
            var sweepId = parse.GetValue(id)!;
            if (await SweepLookup.FindAsync(session, sweepId) is not { } before)
            {
                return terminal.Fail(SweepLookup.NotFound(session, sweepId));
            }

            var after = before.State == SweepState.Running ? await session.Client.GetGrain<ISweepCoordinatorGrain>(sweepId).Cancel() : before;
            if (terminal.Format == OutputFormat.Json)
            {
                terminal.WriteJson(after);
                return ExitCodes.Success;
            }

            if (before.State != SweepState.Running)
            {
                terminal.Out.WriteLine($"sweep {sweepId} has already ended ({CellFormat.State(before.State)}); nothing to cancel.");
                return ExitCodes.Success;
            }

            var stopped = before.Trials.Count(t => t.State == TrialState.Running);
            var neverRan = before.Trials.Count(t => t.State == TrialState.Pending);
            terminal.Out.WriteLine($"cancelled sweep {sweepId}: {stopped} running trial{(stopped == 1 ? string.Empty : "s")} stopped, " +
                $"{neverRan} pending trial{(neverRan == 1 ? string.Empty : "s")} will not run; {after.Counts.Completed} completed trial{(after.Counts.Completed == 1 ? string.Empty : "s")} keep their results.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
