using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Views;

/// <summary>
/// A sweep at a moment, as the status view shows it: every trial's progress (with the running trials' own, more
/// recent statuses merged in), the time since the first trial started, and an estimate of the time left: the
/// epochs still to run times the mean epoch time, spread over the trials running now, and no less than the running
/// trial furthest from its end needs.
/// </summary>
public sealed record SweepProgress(SweepStatus Status, IReadOnlyList<TrialProgress> Trials, DateTimeOffset At)
{
    public static SweepProgress Of(SweepStatus status, IReadOnlyDictionary<string, TrialStatus> live, DateTimeOffset now) =>
        new(status, status.Trials.Select(row => TrialProgress.Of(row, live.GetValueOrDefault(row.TrialId), now)).ToList(), now);

    public TimeSpan? Elapsed => Status.FirstTrialStartedAt is { } started ? (Status.FinishedAt ?? At) - started : null;

    public TimeSpan? Remaining
    {
        get
        {
            if (Status.State != SweepState.Running)
            {
                return null;
            }

            var epochTimes = Trials.Select(t => t.EpochSeconds(At)).OfType<double>().ToList();
            if (epochTimes.Count == 0)
            {
                return null;
            }

            var open = Trials.Where(t => t.Status.State is TrialState.Pending or TrialState.Running).ToList();
            var epochsLeft = open.Sum(t => t.Status.Epochs - t.EpochsDone);
            var parallel = Math.Max(1, Trials.Count(t => t.Status.State == TrialState.Running));
            var longestRunning = Trials.Select(t => t.Remaining).OfType<TimeSpan>().DefaultIfEmpty(TimeSpan.Zero).Max();
            var shared = TimeSpan.FromSeconds(epochsLeft * epochTimes.Average() / parallel);
            return shared > longestRunning ? shared : longestRunning;
        }
    }
}
