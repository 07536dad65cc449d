using Certsweep.Client.Connection;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Sweeps;

/// <summary>
/// Reads a sweep's progress from the cluster: the coordinator's status, and each running trial's own status
/// (the batch it is in and the current eps, which the coordinator hears about only once per epoch). The
/// coordinator call is retried through <paramref name="retry"/>; a running trial that does not answer is shown
/// from the coordinator's row.
/// </summary>
public sealed class SweepReader(IClusterClient client, string sweepId, ClusterRetry retry) : ISweepProgressSource
{
    /// <summary>Beyond this many running trials the view shows the coordinator's rows only (one call, not hundreds).</summary>
    public const int MaxLiveTrials = 64;

    public string SweepId => sweepId;

    public async Task<SweepProgress> ReadAsync(CancellationToken cancellation)
    {
        var coordinator = client.GetGrain<ISweepCoordinatorGrain>(sweepId);
        var status = await retry.CallAsync(coordinator.GetStatus, cancellation);
        var running = status.Trials.Where(t => t.State == TrialState.Running).ToList();
        var live = new Dictionary<string, TrialStatus>(StringComparer.Ordinal);
        if (running.Count <= MaxLiveTrials)
        {
            var answers = await Task.WhenAll(running.Select(t => LiveStatusAsync(t.TrialId)));
            foreach (var answer in answers.OfType<TrialStatus>())
            {
                live[answer.TrialId] = answer;
            }
        }

        return SweepProgress.Of(status, live, DateTimeOffset.UtcNow);
    }

    public async Task<TrialHistory?> ReadHistoryAsync(string trialId, CancellationToken cancellation)
    {
        try
        {
            return await client.GetGrain<ITrialGrain>(trialId).GetHistory().WaitAsync(TimeSpan.FromSeconds(5), cancellation);
        }
        catch (Exception e) when (TransientClusterError.Is(e))
        {
            return null;
        }
    }

    private async Task<TrialStatus?> LiveStatusAsync(string trialId)
    {
        try
        {
            return await client.GetGrain<ITrialGrain>(trialId).GetStatus().WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (TransientClusterError.Is(e))
        {
            return null;
        }
    }
}
