using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Security;

namespace Certsweep.Client.Commands;

/// <summary>
/// How every verb that talks to a cluster runs: resolve the settings (a bad address or config file: exit code 2),
/// require a cluster (none configured: exit code 2 with the three ways to name one), connect (unreachable: one
/// message and exit code 3 within seconds), run the verb, and turn a cluster that stops answering into one message
/// and exit code 3 and Ctrl+C into exit code 130.
/// </summary>
public static class ClusterVerb
{
    public static async Task<int> RunAsync(ParseResult parse, Func<ClusterSession, Task<int>> verb, int? maxTrials = null)
    {
        var terminal = Terminal.For(parse);
        var settings = ClientSettings.Resolve(parse.GetValue(ConnectionOptions.Cluster), maxTrials, Environment.GetEnvironmentVariable, out var error,
            securityOptions: ConnectionOptions.ReadSecurity(parse));
        if (settings is null)
        {
            return terminal.Fail(error!);
        }

        if (settings.Cluster is not { } address)
        {
            return terminal.Fail(NoCluster(settings));
        }

        using var interruption = Interruption.Listen();
        ClusterConnection connection;
        try
        {
            connection = await ClusterConnection.ConnectAsync(address, settings.ServiceId, settings.ClusterId, cancellation: interruption.Token, security: settings.Security);
        }
        catch (ClusterUnreachableException e)
        {
            return terminal.Fail(new CliError(ExitCodes.Unavailable, e.Message));
        }
        catch (TlsFileException e)
        {
            return terminal.Fail(new CliError(ExitCodes.InvalidInput, $"{e.Message}; check --tls-certificate, --tls-key, --tls-ca and --redis-ca (certsweep config show)."));
        }
        catch (OperationCanceledException) when (interruption.Requested)
        {
            return terminal.Fail(new CliError(ExitCodes.Interrupted, "interrupted while connecting; nothing was done."));
        }

        await using (connection)
        {
            return await RunConnectedAsync(new ClusterSession(terminal, connection.Client, settings, connection.Description, interruption.Token), verb);
        }
    }

    /// <summary>Runs a verb on a connected cluster with the error conventions (for <c>sweep run</c>'s embedded cluster too).</summary>
    public static async Task<int> RunConnectedAsync(ClusterSession session, Func<ClusterSession, Task<int>> verb)
    {
        try
        {
            return await verb(session);
        }
        catch (ClusterLostException e)
        {
            return session.Terminal.Fail(new CliError(ExitCodes.Unavailable, $"lost {session.Where}: {e.Message}. Check the silos, then run the command again once the cluster answers."));
        }
        catch (Exception e) when (TransientClusterError.Is(e))
        {
            return session.Terminal.Fail(new CliError(ExitCodes.Unavailable,
                $"{session.Where} did not answer ({e.GetType().Name}: {e.Message.TrimEnd('.')}). Check the silos and try again."));
        }
        catch (OperationCanceledException) when (session.Interrupted.IsCancellationRequested)
        {
            return session.Terminal.Fail(new CliError(ExitCodes.Interrupted, "interrupted."));
        }
    }

    private static CliError NoCluster(ClientSettings settings) => new(ExitCodes.InvalidInput,
        $"no cluster configured; name one with --cluster ADDRESS, ${ClientSettings.ClusterVariable}, or 'cluster:' in {settings.Config.Path} " +
        $"({ClusterAddress.Allowed}). 'certsweep sweep run' runs a sweep on a local cluster without one.");
}
