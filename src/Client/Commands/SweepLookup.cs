using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary>Finds a sweep on the cluster; an id the cluster does not know is one message naming where it looked
/// and how to list the sweeps there (exit code 3).</summary>
public static class SweepLookup
{
    public static async Task<SweepStatus?> FindAsync(ClusterSession session, string sweepId)
    {
        var status = await new ClusterRetry(ClusterRetry.DefaultWindow).CallAsync(
            () => session.Client.GetGrain<ISweepCoordinatorGrain>(sweepId).GetStatus(), session.Interrupted);
        return status.State == SweepState.Unknown ? null : status;
    }

    public static CliError NotFound(ClusterSession session, string sweepId) =>
        new(ExitCodes.Unavailable, $"there is no sweep '{sweepId}' on {session.Where}; 'certsweep sweep list' shows the sweeps there.");
}
