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
        TimeSpan? warned = null;
        var retry = new ClusterRetry(ClusterRetry.DefaultWindow, (e, silent) =>
        {
            // One line when the cluster goes quiet, then one every 10 s while it stays so.
            if (warned is not { } last || silent < last || silent - last >= TimeSpan.FromSeconds(10))
            {
                warned = silent;
                terminal.Error.WriteLine($"warning: {session.Where} has not answered for {silent.TotalSeconds:0} s ({e.GetType().Name}); retrying for up to {ClusterRetry.DefaultWindow.TotalSeconds:0} s.");
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
