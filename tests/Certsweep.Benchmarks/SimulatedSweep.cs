using Certsweep.Grains.Sweeps.Scheduling;

namespace Certsweep.Benchmarks;

/// <summary>
/// Replays a sweep of <see cref="SyntheticLearningCurve"/>s on a number of slots in simulated time: trials start in
/// queue order as slots free up, each epoch's record goes to the stopping rule (if any) when it finishes, and a
/// stopped or finished trial frees its slot for the next one. The rule sees the records as a coordinator would.
/// </summary>
public static class SimulatedSweep
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <param name="curves">The trials, in queue order.</param>
    /// <param name="slots">How many trials run at once.</param>
    /// <param name="rule">The stopping rule; null runs every trial to its last epoch.</param>
    /// <param name="hideWarmup">Tells the rule every epoch is at full eps (a rule blind to the eps ramp).</param>
    public static SimulationResult Run(IReadOnlyList<SyntheticLearningCurve> curves, int slots, ITrialStoppingRule? rule, bool hideWarmup = false)
    {
        var records = new EpochRecords();
        var epochsRun = new int[curves.Count];
        var events = new PriorityQueue<int, (double Time, int Trial)>();
        var next = 0;
        var now = 0.0;
        for (; next < Math.Min(slots, curves.Count); next++)
        {
            events.Enqueue(next, (curves[next].EpochSeconds, next));
        }

        while (events.TryDequeue(out var trial, out var at))
        {
            now = at.Time;
            var curve = curves[trial];
            var epoch = ++epochsRun[trial];
            var eps = hideWarmup ? SyntheticLearningCurve.EpsMax : curve.Eps(epoch);
            var record = new EpochRecord(trial + 1, epoch, curve.Epochs, curve.VerifiedError(epoch), eps, SyntheticLearningCurve.EpsMax, Start.AddSeconds(now));
            records.Add(record);
            var stopped = rule?.Judge(record, records) is not null;
            if (!stopped && epoch < curve.Epochs)
            {
                events.Enqueue(trial, (now + curve.EpochSeconds, trial));
            }
            else if (next < curves.Count)
            {
                events.Enqueue(next, (now + curves[next].EpochSeconds, next));
                next++;
            }
        }

        return new SimulationResult(epochsRun, now);
    }
}
