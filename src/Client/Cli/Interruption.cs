using System.Runtime.InteropServices;

namespace Certsweep.Client.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for verbs that stop gracefully: the first signal cancels <see cref="Token"/> and
/// leaves the process running so the verb can checkpoint, hand back or detach and say so (exit code 130); a second
/// signal ends the process at once, as if nothing handled it.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    private Interruption()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _source.Token;

    public bool Requested => _source.IsCancellationRequested;

    /// <summary>Starts listening; dispose to restore the default handling.</summary>
    public static Interruption Listen() => new();

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        _source.Cancel();
    }
}
