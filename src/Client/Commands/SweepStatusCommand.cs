using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Sweeps;
using Certsweep.Client.Views;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep sweep status &lt;id&gt; [--watch]</c>: one row per trial (axes, state, epoch/total as a bar,
/// eps, errors, silo/device, ETA), once or live until the sweep ends.</summary>
public static class SweepStatusCommand
{
    public static Command Create()
    {
        var id = SweepArguments.Id();
        var watch = SweepArguments.Watch();
        var command = new Command("status", "Show a sweep's trials: state, progress, eps, errors, where they run, ETA.") { id, watch, ConnectionOptions.Cluster };
        command.SetAction(parse => ClusterVerb.RunAsync(parse, async session =>
        {
            var sweepId = parse.GetValue(id)!;
            if (await SweepLookup.FindAsync(session, sweepId) is null)
            {
                return session.Terminal.Fail(SweepLookup.NotFound(session, sweepId));
            }

            if (parse.GetValue(watch))
            {
                return await SweepFollow.RunAsync(session, sweepId);
            }

            var progress = await new SweepReader(session.Client, sweepId, new ClusterRetry(ClusterRetry.DefaultWindow)).ReadAsync(session.Interrupted);
            if (session.Terminal.Format == OutputFormat.Json)
            {
                session.Terminal.WriteJson(progress.Status);
            }
            else
            {
                SweepStatusTable.Write(session.Terminal, progress);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
