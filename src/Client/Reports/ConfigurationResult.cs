namespace Certsweep.Client.Reports;

/// <summary>
/// A configuration's results over its seeds, at each trial's best epoch (<see cref="TrialReport.Best"/>), over the trials
/// that reached the full eps: statistics of the verified and clean errors on the selection split, which rank the
/// configurations, and of the test errors at those epochs, the ones to report. Without a validation split the
/// selection split is the test set and both pairs are the same.
/// </summary>
/// <param name="Trials">Trials (seeds) of the configuration.</param>
/// <param name="Verified">Test verified error at the best epochs; null when no trial of the configuration reached the full eps.</param>
/// <param name="Clean">Test clean error at the best epochs.</param>
/// <param name="SelectionVerified">Verified error on the selection split at the best epochs: the mean ranks.</param>
/// <param name="SelectionClean">Clean error on the selection split at the best epochs: the mean breaks ties.</param>
public sealed record ConfigurationResult(
    int? Rank,
    TrialConfiguration Configuration,
    int Trials,
    SampleStatistics? Verified,
    SampleStatistics? Clean,
    SampleStatistics? SelectionVerified,
    SampleStatistics? SelectionClean);
