namespace Certsweep.Benchmarks;

/// <summary>What a <see cref="SimulatedSweep"/> ran: epochs per trial (in queue order) and the simulated time to the end.</summary>
public sealed record SimulationResult(IReadOnlyList<int> EpochsRun, double Makespan)
{
    public int TotalEpochs => EpochsRun.Sum();
}
