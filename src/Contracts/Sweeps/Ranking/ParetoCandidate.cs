namespace Certsweep.Contracts.Sweeps.Ranking;

/// <summary>A trial to rank by several objectives, each minimized (e.g. verified error, clean error).</summary>
public sealed record ParetoCandidate(int Trial, IReadOnlyList<double> Objectives);
