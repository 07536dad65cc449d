using Certsweep.Contracts.Trials;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// What a trial's report (or a start reply, or an answer to a status ask) makes of its row. Reports are ordered by
/// (attempt, revision), so an older one changes nothing. A failure within the sweep's <c>retries</c> goes back to
/// pending; a pending trial of a cancelled sweep is cancelled; a trial that lost its silo more than
/// <see cref="MaxPreemptions"/> times fails. A scheduler's stop decision (<see cref="TrialStatus.Stop"/>) stays on the
/// row until the trial ends, and a trial with one that would wait for a slot again is <see cref="TrialState.Stopped"/>
/// instead (<see cref="StopWaiting"/>).
/// </summary>
internal static class TrialReportPolicy
{
    public const int MaxPreemptions = 20;

    /// <summary>The trial's new row; null when <paramref name="report"/> is not newer than <paramref name="row"/>.</summary>
    public static TrialStatus? NextRow(TrialStatus row, TrialStatus report, int retries, bool sweepRunning, DateTimeOffset now)
    {
        if (!report.IsNewerThan(row))
        {
            return null;
        }

        // The running batch is the trial grain's to show; rows keep whole epochs.
        var next = report with { Batch = 0, BatchesPerEpoch = 0, Stop = report.Stop ?? (report.State.IsFinal() ? null : row.Stop) };
        if (next.State == TrialState.Failed && next.Failures <= retries && sweepRunning)
        {
            var retry = next with { State = TrialState.Pending, Reason = $"retry {next.Failures} of {retries} after: {next.Reason}", FinishedAt = null };
            return StopWaiting(retry, now) ?? retry;
        }

        if (StopWaiting(next, now) is { } stopped)
        {
            return stopped;
        }

        if (next.State == TrialState.Pending && !sweepRunning)
        {
            return next with { State = TrialState.Cancelled, Reason = "sweep cancelled", FinishedAt = now };
        }

        if (next.State == TrialState.Pending && next.Preemptions > MaxPreemptions)
        {
            return next with { State = TrialState.Failed, Reason = $"lost its silo {next.Preemptions} times; last: {next.Reason}", FinishedAt = now };
        }

        return next;
    }

    /// <summary>A trial the scheduler decided to stop that would wait for a slot again (handed back, lost with its
    /// silo, failed within its retries) ends as stopped instead; null when <paramref name="row"/> is not such a trial.
    /// The caller tells the trial grain.</summary>
    public static TrialStatus? StopWaiting(TrialStatus row, DateTimeOffset now) =>
        row is { State: TrialState.Pending, Stop: { } stop }
            ? row with { State = TrialState.Stopped, Reason = stop.Reason, FinishedAt = now }
            : null;
}
