using Certsweep.Contracts.Trials;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// What a trial's report (or a start reply, or an answer to a status ask) makes of its row. Reports are ordered by
/// (attempt, revision), so an older one changes nothing. A failure within the sweep's <c>retries</c> goes back to
/// pending; a pending trial of a cancelled sweep is cancelled; a trial that lost its silo more than
/// <see cref="MaxPreemptions"/> times fails.
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
        var next = report with { Batch = 0, BatchesPerEpoch = 0 };
        if (next.State == TrialState.Failed && next.Failures <= retries && sweepRunning)
        {
            return next with { State = TrialState.Pending, Reason = $"retry {next.Failures} of {retries} after: {next.Reason}", FinishedAt = null };
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
}
