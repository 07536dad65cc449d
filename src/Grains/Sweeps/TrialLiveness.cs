using Orleans.Runtime;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// Whether the sweep's running trials are still alive: when each was last heard from (a running trial silent for
/// <see cref="SilentPeriod"/> is asked for its status; a failed ask is repeated after <see cref="AskRetry"/>), and
/// whether its silo is gone (declared dead by membership, or unknown to it for longer than
/// <see cref="UnknownSiloGrace"/>, as after a whole-cluster restart).
/// </summary>
internal sealed class TrialLiveness
{
    public static readonly TimeSpan SilentPeriod = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan AskRetry = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan UnknownSiloGrace = TimeSpan.FromSeconds(10);

    private readonly Dictionary<int, DateTimeOffset> _lastHeard = new();
    private readonly Dictionary<int, DateTimeOffset> _unknownSince = new();

    public void Heard(int number, DateTimeOffset now) => _lastHeard[number] = now;

    /// <summary>Trial <paramref name="number"/> is recorded as running but was not heard from by this activation:
    /// it is asked for its status at once.</summary>
    public void NotHeardYet(int number) => _lastHeard[number] = DateTimeOffset.MinValue;

    /// <summary>Those of <paramref name="running"/> to ask for their status now; each counts as asked.</summary>
    public IReadOnlyList<int> DueForStatusAsk(IEnumerable<int> running, DateTimeOffset now)
    {
        var due = running.Where(n => now - _lastHeard.GetValueOrDefault(n, DateTimeOffset.MinValue) > SilentPeriod).ToList();
        foreach (var n in due)
        {
            _lastHeard[n] = now;
        }

        return due;
    }

    /// <summary>Asking trial <paramref name="number"/> failed (often: the cluster is settling after a silo died); it
    /// is asked again after <see cref="AskRetry"/> rather than after a whole silent period.</summary>
    public void AskFailed(int number, DateTimeOffset now) => _lastHeard[number] = now - SilentPeriod + AskRetry;

    /// <summary>True when trial <paramref name="number"/>'s silo, whose membership status is
    /// <paramref name="siloStatus"/>, is gone: dead, or unknown for longer than <see cref="UnknownSiloGrace"/>.</summary>
    public bool SiloGone(int number, SiloStatus siloStatus, DateTimeOffset now)
    {
        if (siloStatus != SiloStatus.None)
        {
            _unknownSince.Remove(number);
            return siloStatus == SiloStatus.Dead;
        }

        if (!_unknownSince.TryGetValue(number, out var since))
        {
            _unknownSince[number] = now;
            return false;
        }

        if (now - since <= UnknownSiloGrace)
        {
            return false;
        }

        _unknownSince.Remove(number);
        return true;
    }
}
