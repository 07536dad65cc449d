using Microsoft.Extensions.Hosting;

namespace Certsweep.Client.Connection;

/// <summary>
/// The lifetime of the hosts the CLI starts inside itself (the Orleans client): it leaves Ctrl+C and SIGTERM to the
/// CLI's own handling (<see cref="Cli.Interruption"/>). The default console lifetime would swallow every Ctrl+C, so a
/// second one could not end the process.
/// </summary>
public sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
