using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep sweep list</c>: every sweep the cluster knows, newest first.</summary>
public static class SweepListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "List the cluster's sweeps, newest first: state, trial counts, best verified error.") { ConnectionOptions.Cluster };
        command.SetAction(parse => ClusterVerb.RunAsync(parse, async session =>
        {
            var sweeps = await session.Client.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key).List();
            if (session.Terminal.Format == OutputFormat.Json)
            {
                session.Terminal.WriteJson(sweeps);
                return ExitCodes.Success;
            }

            if (sweeps.Count == 0)
            {
                session.Terminal.Out.WriteLine($"no sweeps on {session.Where} yet; submit one with 'certsweep sweep submit SPEC'.");
                return ExitCodes.Success;
            }

            session.Terminal.WriteTable(SweepListTable.Headers, SweepListTable.Rows(sweeps));
            return ExitCodes.Success;
        }));
        return command;
    }
}
