namespace Certsweep.Contracts.Sweeps.Ranking;

/// <summary>
/// Ranks trials by several minimized objectives: non-dominated sorting into fronts (front 1 holds the trials no
/// other trial dominates; front k+1 those dominated only by trials of fronts 1..k), then, within a front, by the
/// objectives in the order given (the first decides, the next break ties), then by trial number. Within a front no
/// trial is better on every objective, so the order there is a preference: objectives are listed most important
/// first, and with two of them a front read this way runs along the trade-off from the best first objective to the
/// best second one. (Crowding distance, NSGA-II's tie-breaker, keeps a population diverse; as an order for a reader
/// it would put a front's two extremes first and its balanced trials last.)
/// </summary>
public static class ParetoRanking
{
    /// <summary>True when <paramref name="a"/> is no worse than <paramref name="b"/> on every objective and better on one.</summary>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var better = false;
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] > b[i])
            {
                return false;
            }

            better |= a[i] < b[i];
        }

        return better;
    }

    /// <summary>Each candidate's front and rank, best first.</summary>
    public static IReadOnlyList<ParetoPlace> Rank(IReadOnlyList<ParetoCandidate> candidates)
    {
        var dimensions = candidates.Count > 0 ? candidates[0].Objectives.Count : 0;
        if (candidates.Any(c => c.Objectives.Count != dimensions || c.Objectives.Any(double.IsNaN)))
        {
            throw new ArgumentException("Every candidate needs the same number of objectives, none of them NaN.", nameof(candidates));
        }

        // In lexicographic order a candidate can only be dominated by one before it; and if front k holds a
        // candidate that dominates it, so does every front before k. So each candidate's front is found by a
        // binary search over the fronts built so far.
        var ordered = candidates.OrderBy(c => c, Lexicographic.Instance).ToList();
        var fronts = new List<List<ParetoCandidate>>();
        var frontOf = new Dictionary<ParetoCandidate, int>(ReferenceEqualityComparer.Instance);
        foreach (var candidate in ordered)
        {
            int lo = 0, hi = fronts.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (DominatedBy(fronts[mid], candidate, dimensions))
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            if (lo == fronts.Count)
            {
                fronts.Add(new List<ParetoCandidate>());
            }

            fronts[lo].Add(candidate);
            frontOf[candidate] = lo + 1;
        }

        return ordered.OrderBy(c => frontOf[c])
            .Select((c, i) => new ParetoPlace(c.Trial, frontOf[c], i + 1))
            .ToList();
    }

    /// <summary>The candidate that <see cref="Rank"/> puts first (the least by each objective in turn, then by trial
    /// number; no candidate dominates it), found in one pass; null when there is none.</summary>
    public static ParetoCandidate? First(IEnumerable<ParetoCandidate> candidates) => candidates.MinBy(c => c, Lexicographic.Instance);

    /// <summary>
    /// Whether a member of <paramref name="front"/> (built in lexicographic order) dominates <paramref name="candidate"/>
    /// (after all of them in that order). With two objectives the front's last member decides alone: members of a front
    /// taken in that order have falling second objectives, so the last has the least, and any member that dominates
    /// the candidate makes the last one dominate it too (or equal it, when no member dominates it). This keeps a sweep
    /// whose trials tie (one large front) from costing a scan of the front per trial.
    /// </summary>
    private static bool DominatedBy(List<ParetoCandidate> front, ParetoCandidate candidate, int dimensions) =>
        dimensions == 2
            ? Dominates(front[^1].Objectives, candidate.Objectives)
            : front.Any(member => Dominates(member.Objectives, candidate.Objectives));

    /// <summary>By each objective in turn, then by trial number.</summary>
    private sealed class Lexicographic : IComparer<ParetoCandidate>
    {
        public static readonly Lexicographic Instance = new();

        public int Compare(ParetoCandidate? x, ParetoCandidate? y)
        {
            for (var i = 0; i < x!.Objectives.Count; i++)
            {
                var c = x.Objectives[i].CompareTo(y!.Objectives[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return x.Trial.CompareTo(y!.Trial);
        }
    }
}
