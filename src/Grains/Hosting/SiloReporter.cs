using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Grains.Devices;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Certsweep.Grains.Hosting;

/// <summary>
/// Tells the slot ledger what this silo has and runs: when the silo becomes active, every few seconds, and
/// on every membership change (a ledger that lost its silo is rebuilt by these reports). When it starts and
/// whenever a silo dies it also wakes the unfinished sweeps, so a coordinator that died with its silo, or a
/// whole cluster restarted on Redis storage, carries on without a client.
/// </summary>
public sealed class SiloReporter(
    IGrainFactory grains, LocalDeviceSlots slots, Trials.LocalTrialRuns runs, ILocalSiloDetails silo,
    IClusterMembershipService membership, ILogger<SiloReporter> log) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private Task _loops = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloReporter), ServiceLifecycleStage.Active, OnStart, OnStop);

    public Task ReportAsync(CancellationToken cancellation) =>
        grains.GetGrain<IDeviceSlotLedgerGrain>(IDeviceSlotLedgerGrain.Key)
            .Report(new SiloReport(silo.SiloAddress, silo.Name, silo.DnsHostName, slots.Devices, slots.Occupants(), runs.Draining))
            .WaitAsync(cancellation);

    private Task OnStart(CancellationToken cancellation)
    {
        _loops = Task.WhenAll(Task.Run(ReportPeriodically), Task.Run(FollowMembership));
        return Task.CompletedTask;
    }

    private async Task OnStop(CancellationToken cancellation)
    {
        await _stop.CancelAsync();
        await _loops.WaitAsync(cancellation).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ReportPeriodically()
    {
        await WakeSweepsAsync();
        while (!_stop.IsCancellationRequested)
        {
            await TryReportAsync();
            try
            {
                await Task.Delay(Period, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FollowMembership()
    {
        var dead = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToHashSet();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stop.Token))
            {
                var nowDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToHashSet();
                var newlyDead = nowDead.Except(dead).ToList();
                dead = nowDead;
                await TryReportAsync();
                if (newlyDead.Count > 0)
                {
                    log.LogInformation("Silo(s) {Silos} died; waking unfinished sweeps", string.Join(", ", newlyDead));
                    await WakeSweepsAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TryReportAsync()
    {
        try
        {
            await ReportAsync(_stop.Token);
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            log.LogWarning(e, "Reporting this silo's devices to the slot ledger failed; retrying in {Period}", Period);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WakeSweepsAsync()
    {
        try
        {
            await grains.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Key).WakeUnfinished().WaitAsync(_stop.Token);
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            log.LogWarning(e, "Waking unfinished sweeps failed");
        }
        catch (OperationCanceledException)
        {
        }
    }
}
