using Certsweep.Grains.Trials;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Certsweep.Grains.Hosting;

/// <summary>
/// Graceful shutdown (SIGTERM, StopAsync): at the Active stage, the first to stop and so before grains are
/// deactivated or the silo leaves membership, this silo reports itself draining, then every running trial
/// writes a mid-epoch checkpoint, stops, records that it is pending again and tells its coordinator, which
/// resumes it on another silo.
/// </summary>
public sealed class TrialHandback(LocalTrialRuns runs, SiloReporter reporter, ILocalSiloDetails silo, ILogger<TrialHandback> log) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TrialHandback), ServiceLifecycleStage.Active, _ => Task.CompletedTask, OnStop);

    private async Task OnStop(CancellationToken cancellation)
    {
        var count = runs.Count;
        var suspending = runs.SuspendAllAsync($"silo {silo.Name} is shutting down", cancellation);
        try
        {
            await reporter.ReportAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(2), cancellation);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not tell the slot ledger that this silo is draining");
        }

        await suspending;
        log.LogInformation("Handed back {Count} running trial(s) before shutting down", count);
    }
}
