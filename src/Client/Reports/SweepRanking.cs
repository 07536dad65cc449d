namespace Certsweep.Client.Reports;

/// <summary>
/// Orders a sweep's results by test verified error at the full eps (docs/method.md §5: the best checkpoint is
/// the epoch at full eps with the lowest verified error), per trial and per configuration.
/// </summary>
public static class SweepRanking
{
    /// <summary>Best verified error first; ties by clean error, then id. Trials never at full eps last, unranked.</summary>
    public static IReadOnlyList<RankedTrial> Trials(IEnumerable<TrialReport> trials)
    {
        var withBest = trials.Select(t => (Trial: t, Best: t.Best)).ToList();
        var ranked = withBest
            .Where(t => t.Best is not null)
            .OrderBy(t => t.Best!.TestVerifiedError)
            .ThenBy(t => t.Best!.TestCleanError)
            .ThenBy(t => t.Trial.Id, StringComparer.Ordinal)
            .Select((t, index) => new RankedTrial(index + 1, t.Trial, t.Best));
        var unranked = withBest
            .Where(t => t.Best is null)
            .OrderBy(t => t.Trial.Id, StringComparer.Ordinal)
            .Select(t => new RankedTrial(null, t.Trial, null));
        return ranked.Concat(unranked).ToList();
    }

    /// <summary>Lowest mean verified error over seeds first; configurations with no trial at full eps last, unranked.</summary>
    public static IReadOnlyList<ConfigurationResult> Configurations(IEnumerable<TrialReport> trials)
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
                    SampleStatistics.Of(bests.Select(b => b.TestVerifiedError!.Value)),
                    SampleStatistics.Of(bests.Select(b => b.TestCleanError)));
            })
            .ToList();
        var ranked = results
            .Where(r => r.Verified is not null)
            .OrderBy(r => r.Verified!.Mean)
            .ThenBy(r => r.Clean!.Mean)
            .ThenBy(r => r.Configuration.Label, StringComparer.Ordinal)
            .Select((r, index) => r with { Rank = index + 1 });
        var unranked = results
            .Where(r => r.Verified is null)
            .OrderBy(r => r.Configuration.Model, StringComparer.Ordinal)
            .ThenBy(r => r.Configuration.Label, StringComparer.Ordinal);
        return ranked.Concat(unranked).ToList();
    }
}
