namespace Certsweep.Contracts.Sweeps.Ranking;

/// <summary>A trial's place: its front (1 = not dominated by any trial) and its rank overall (from 1).</summary>
public sealed record ParetoPlace(int Trial, int Front, int Rank);
