using Orleans.Runtime;

namespace Certsweep.Silo.Hosting;

/// <summary>
/// Whether the silo is active: joined the cluster, its grains and services started, and not stopping.
/// <c>/readyz</c> answers 200 while it is and 503 before and once a graceful stop begins (the silo then hands its
/// trials back and takes no new ones); <c>/healthz</c> only says the process serves HTTP.
/// </summary>
public sealed class SiloReadiness : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _active;

    public bool IsActive => _active;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloReadiness), ServiceLifecycleStage.Active, _ => Mark(true), _ => Mark(false));

    private Task Mark(bool active)
    {
        _active = active;
        return Task.CompletedTask;
    }
}
