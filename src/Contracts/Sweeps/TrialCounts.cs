using Certsweep.Contracts.Trials;

namespace Certsweep.Contracts.Sweeps;

/// <summary>How many of a sweep's trials are in each state (a TPE sweep's trials not proposed yet count as pending).</summary>
[GenerateSerializer, Immutable]
public sealed record TrialCounts(
    [property: Id(0)] int Pending,
    [property: Id(1)] int Running,
    [property: Id(2)] int Completed,
    [property: Id(3)] int Failed,
    [property: Id(4)] int Diverged,
    [property: Id(5)] int Cancelled,
    [property: Id(6)] int Stopped = 0)
{
    public int Total => Pending + Running + Completed + Failed + Diverged + Cancelled + Stopped;

    public static TrialCounts Of(IEnumerable<TrialState> states)
    {
        var counts = new int[Enum.GetValues<TrialState>().Length];
        foreach (var state in states)
        {
            counts[(int)state]++;
        }

        return new TrialCounts(
            counts[(int)TrialState.Pending], counts[(int)TrialState.Running], counts[(int)TrialState.Completed],
            counts[(int)TrialState.Failed], counts[(int)TrialState.Diverged], counts[(int)TrialState.Cancelled], counts[(int)TrialState.Stopped]);
    }
}
