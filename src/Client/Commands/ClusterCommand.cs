using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Views;
using Certsweep.Contracts.Cluster;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep cluster status</c>: the silos, their devices and slots, and which trial runs where.</summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var command = new Command("cluster", "The cluster itself: silos, devices, slots.");
        var status = new Command("status", "Show every silo, its devices and slots, and which trial runs in each.") { ConnectionOptions.Cluster };
        status.SetAction(parse => ClusterVerb.RunAsync(parse, async session =>
        {
            var cluster = await session.Client.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key).GetStatus();
            if (session.Terminal.Format == OutputFormat.Json)
            {
                session.Terminal.WriteJson(cluster);
                return ExitCodes.Success;
            }

            session.Terminal.WriteHeading($"{session.Where}: {ClusterStatusTable.Headline(cluster)}");
            session.Terminal.WriteTable(ClusterStatusTable.Headers, ClusterStatusTable.Rows(cluster, DateTimeOffset.UtcNow));
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(status);
        return command;
    }
}
