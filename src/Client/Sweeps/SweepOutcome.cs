using Certsweep.Client.Cli;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Sweeps;

/// <summary>
/// The exit code of a verb that followed a sweep to its end (<c>sweep run</c>, <c>submit --watch</c>,
/// <c>status --watch</c>): 0 when every trial completed or diverged (a divergence is a result, shown in the
/// table); 1 when a trial failed after its retries or the sweep was cancelled, with one message naming them.
/// </summary>
public static class SweepOutcome
{
    public static CliError? Problem(SweepStatus status)
    {
        if (status.State == SweepState.Cancelled)
        {
            return new CliError(ExitCodes.Failure, $"sweep {status.SweepId} was cancelled; {status.Counts.Completed} of {status.Counts.Total} trials completed.");
        }

        var failed = status.Trials.Where(t => t.State == TrialState.Failed).ToList();
        return failed.Count == 0
            ? null
            : new CliError(ExitCodes.Failure, $"{failed.Count} of {status.Counts.Total} trials of sweep {status.SweepId} failed after their retries:",
                failed.Select(t => $"#{t.Number} ({AxisColumns.Describe(t.Axes)}): {t.Reason ?? "no reason recorded"}").ToList());
    }
}
