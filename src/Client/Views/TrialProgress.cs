using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Views;

/// <summary>
/// One trial's progress at a moment: its status (the trial grain's own when it is newer than the sweep's row:
/// that one knows the batch and the current eps), epochs done including the running epoch's share of batches,
/// and an estimate of the time left (from the last epoch's duration, else from the time since it started).
/// </summary>
public sealed record TrialProgress(TrialStatus Status, double EpochsDone, TimeSpan? Remaining)
{
    public double Fraction => Status.Epochs > 0 ? Math.Clamp(EpochsDone / Status.Epochs, 0, 1) : 0;

    public static TrialProgress Of(TrialStatus row, TrialStatus? live, DateTimeOffset now)
    {
        var status = live is not null && live.TrialId == row.TrialId && !row.IsNewerThan(live) ? live : row;
        var running = status.State == TrialState.Running;
        var partial = running && status.BatchesPerEpoch > 0 ? (double)status.Batch / status.BatchesPerEpoch : 0;
        var progress = new TrialProgress(status, Math.Min(status.Epochs, status.Epoch + partial), null);
        return running && progress.EpochSeconds(now) is { } seconds
            ? progress with { Remaining = TimeSpan.FromSeconds(seconds * Math.Max(0, status.Epochs - progress.EpochsDone)) }
            : progress;
    }

    /// <summary>Seconds one epoch takes: the last epoch's wall time, else the time since the attempt started over
    /// the epochs it has done (once it has done a little).</summary>
    public double? EpochSeconds(DateTimeOffset now)
    {
        if (Status.LastEpochSeconds is { } last and > 0)
        {
            return last;
        }

        var sinceResume = EpochsDone - (Status.ResumedFrom is { } r ? r.Epoch - 1 + ((double)r.Batch / Math.Max(1, r.BatchesPerEpoch)) : 0);
        return Status.StartedAt is { } started && sinceResume > 0.02 ? (now - started).TotalSeconds / sinceResume : null;
    }
}
