using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Sweeps;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary>
/// Follows a sweep on a cluster to its end, for <c>submit --watch</c>, <c>status --watch</c> and <c>sweep run</c>
/// against a configured cluster: the live view, then the results table (text) or the final status (json), and the
/// exit code of <see cref="SweepOutcome"/>. Ctrl+C stops watching only: the sweep goes on in the cluster.
/// </summary>
public static class SweepFollow
{
    public static async Task<int> RunAsync(ClusterSession session, string sweepId, Func<SweepStatus, object>? jsonDocument = null)
    {
        var terminal = session.Terminal;
        var warnings = new ClusterSilenceWarnings(session.Where, ClusterRetry.DefaultWindow);
        var retry = new ClusterRetry(ClusterRetry.DefaultWindow, (e, silent) =>
        {
            if (warnings.Next(e, silent) is { } warning)
            {
                terminal.Error.WriteLine(warning);
            }
        });
        var watch = await new SweepWatch(new SweepReader(session.Client, sweepId, retry), terminal).RunAsync(session.Interrupted);
        var status = watch.Last.Status;
        if (watch.Interrupted)
        {
            return terminal.Fail(new CliError(ExitCodes.Interrupted,
                $"stopped watching; sweep {sweepId} goes on in the cluster ('certsweep sweep status {sweepId} --watch' to follow it again, 'certsweep sweep cancel {sweepId}' to stop it)."));
        }

        if (terminal.Format == OutputFormat.Json)
        {
            terminal.WriteJson(jsonDocument?.Invoke(status) ?? status);
        }
        else
        {
            terminal.Out.WriteLine();
            SweepResultsTable.Write(terminal, status);
        }

        return SweepOutcome.Problem(status) is { } problem ? terminal.Fail(problem) : ExitCodes.Success;
    }
}
