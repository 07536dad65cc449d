using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Sweeps;

/// <summary>
/// A local run that resumes from its checkpoints starts with an empty in-memory cluster: each trial's history there
/// begins with the epoch its checkpoint holds. The earlier run's <c>results.json</c> has the epochs before; this
/// joins the two (an epoch present in both is taken from the new run), and recomputes each trial's best epoch
/// (<see cref="BestEpoch.Of"/>, as the trial grain does) and the ranking.
/// </summary>
public static class ResumedResults
{
    public static SweepResults Merge(SweepResults earlier, SweepResults resumed)
    {
        var before = earlier.Trials.ToDictionary(t => t.Status.TrialId, StringComparer.Ordinal);
        var trials = resumed.Trials.Select(t => before.TryGetValue(t.Status.TrialId, out var old) ? Join(old, t) : t).ToList();
        var byId = trials.ToDictionary(t => t.Status.TrialId, StringComparer.Ordinal);
        var rows = resumed.Status.Trials.Select(row => byId.TryGetValue(row.TrialId, out var t) ? row with { Best = BestEpoch.Of(t.Epochs) } : row).ToList();
        var rowById = rows.ToDictionary(r => r.TrialId, StringComparer.Ordinal);
        var status = resumed.Status with { Trials = rows, Ranking = RankedTrial.Order(rows, resumed.Status.Objectives) };
        return new SweepResults(status, trials.Select(t => t with { Status = rowById.GetValueOrDefault(t.Status.TrialId) ?? t.Status }).ToList());
    }

    private static TrialHistory Join(TrialHistory earlier, TrialHistory resumed)
    {
        var have = resumed.Epochs.Select(e => e.Epoch).ToHashSet();
        var epochs = earlier.Epochs.Where(e => !have.Contains(e.Epoch)).Concat(resumed.Epochs).OrderBy(e => e.Epoch).ToList();
        return resumed with { Epochs = epochs, Config = resumed.Config ?? earlier.Config };
    }
}
