namespace Certsweep.Client.Reports;

/// <summary>
/// A trial's place in the results: ranked by its best test verified error at the full eps; a trial with no
/// epoch at the full eps has no rank and comes last.
/// </summary>
public sealed record RankedTrial(int? Rank, TrialReport Trial, EpochRow? Best);
