namespace Certsweep.Client.Reports;

/// <summary>
/// Orders a sweep's results by the verified error of each trial's best epoch (<see cref="TrialReport.Best"/>) on the
/// selection split at the full eps (docs/method.md §5 and §10: the validation split when the sweep has one, else the
/// test set), per trial and per configuration. Trials of different target eps are ranked apart (eps ascending, ranks
/// from 1 at each): a verified error at a larger eps is certified for a larger ball and is not comparable.
/// </summary>
public static class SweepRanking
{
    /// <summary>Per eps: best verified error first; ties by clean error, then id. Trials never at full eps last, unranked.</summary>
    public static IReadOnlyList<RankedTrial> Trials(IEnumerable<TrialReport> trials) =>
        trials.GroupBy(t => t.Configuration.Eps).OrderBy(g => g.Key).SelectMany(TrialsAtOneEps).ToList();

    /// <summary>Per eps: lowest mean verified error on the selection split over seeds first (ties by its mean clean error);
    /// configurations with no trial at full eps last, unranked.</summary>
    public static IReadOnlyList<ConfigurationResult> Configurations(IEnumerable<TrialReport> trials) =>
        trials.GroupBy(t => t.Configuration.Eps).OrderBy(g => g.Key).SelectMany(ConfigurationsAtOneEps).ToList();

    private static IEnumerable<RankedTrial> TrialsAtOneEps(IEnumerable<TrialReport> trials)
    {
        var withBest = trials.Select(t => (Trial: t, Best: t.Best)).ToList();
        var ranked = withBest
            .Where(t => t.Best is not null)
            .OrderBy(t => t.Best!.SelectionVerifiedError)
            .ThenBy(t => t.Best!.SelectionCleanError)
            .ThenBy(t => t.Trial.Id, StringComparer.Ordinal)
            .Select((t, index) => new RankedTrial(index + 1, t.Trial, t.Best));
        var unranked = withBest
            .Where(t => t.Best is null)
            .OrderBy(t => t.Trial.Id, StringComparer.Ordinal)
            .Select(t => new RankedTrial(null, t.Trial, null));
        return ranked.Concat(unranked);
    }

    private static IEnumerable<ConfigurationResult> ConfigurationsAtOneEps(IEnumerable<TrialReport> trials)
    {
        var results = trials
            .GroupBy(t => t.Configuration)
            .Select(group =>
            {
                var bests = group.Select(t => t.Best).OfType<EpochRow>().ToList();
                return new ConfigurationResult(
                    null,
                    group.Key,
                    group.Count(),
                    SampleStatistics.Of(bests.Select(b => b.TestVerifiedError).OfType<double>()),
                    SampleStatistics.Of(bests.Select(b => b.TestCleanError)),
                    SampleStatistics.Of(bests.Select(b => b.SelectionVerifiedError!.Value)),
                    SampleStatistics.Of(bests.Select(b => b.SelectionCleanError)));
            })
            .ToList();
        var ranked = results
            .Where(r => r.SelectionVerified is not null)
            .OrderBy(r => r.SelectionVerified!.Mean)
            .ThenBy(r => r.SelectionClean!.Mean)
            .ThenBy(r => r.Configuration.Label, StringComparer.Ordinal)
            .Select((r, index) => r with { Rank = index + 1 });
        var unranked = results
            .Where(r => r.SelectionVerified is null)
            .OrderBy(r => r.Configuration.Model, StringComparer.Ordinal)
            .ThenBy(r => r.Configuration.Label, StringComparer.Ordinal);
        return ranked.Concat(unranked);
    }
}
