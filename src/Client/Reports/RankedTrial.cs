namespace Certsweep.Client.Reports;

/// <summary>
/// A trial's place in the results: ranked by the verified error of its best epoch (<see cref="TrialReport.Best"/>) on the
/// selection split at the full eps; a trial with no epoch at the full eps has no rank and comes last.
/// </summary>
public sealed record RankedTrial(int? Rank, TrialReport Trial, EpochRow? Best);
