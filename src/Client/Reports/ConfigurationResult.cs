namespace Certsweep.Client.Reports;

/// <summary>
/// A configuration's results over its seeds: statistics of the best test verified error at full eps and of
/// the clean error at that epoch, over the trials that reached the full eps.
/// </summary>
/// <param name="Trials">Trials (seeds) of the configuration.</param>
/// <param name="Verified">Null when no trial of the configuration reached the full eps.</param>
public sealed record ConfigurationResult(
    int? Rank,
    TrialConfiguration Configuration,
    int Trials,
    SampleStatistics? Verified,
    SampleStatistics? Clean);
