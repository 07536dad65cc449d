using Certsweep.Client.Views;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Sweeps;

/// <summary>Where a watch reads a sweep from: its progress now, and a trial's stored history (to catch up on the
/// epochs that happened while the watch could not look).</summary>
public interface ISweepProgressSource
{
    Task<SweepProgress> ReadAsync(CancellationToken cancellation);

    /// <summary>The trial's status, configuration and every recorded epoch; null when it cannot be read now.</summary>
    Task<TrialHistory?> ReadHistoryAsync(string trialId, CancellationToken cancellation);
}
