using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// The coordinator's table of its sweep's trials: each trial's config (expanded from the spec) and its latest
/// status row, numbered from 1 in expansion order. The rows are what the coordinator stores and answers with.
/// </summary>
internal sealed class TrialRows
{
    private readonly IReadOnlyList<TrialConfig> _configs;
    private readonly List<TrialStatus> _rows;

    private TrialRows(IReadOnlyList<TrialConfig> configs, List<TrialStatus> rows)
    {
        _configs = configs;
        _rows = rows;
    }

    /// <summary>No sweep submitted yet.</summary>
    public static TrialRows None { get; } = new(Array.Empty<TrialConfig>(), new List<TrialStatus>());

    public int Count => _rows.Count;

    public TrialStatus this[int number] => _rows[number - 1];

    /// <summary>True when every trial has finished (final, or failed after its retries).</summary>
    public bool AllDone => _rows.All(IsDone);

    /// <summary>Rows of a just-submitted sweep: every trial of <paramref name="spec"/> pending.</summary>
    public static TrialRows Pending(string sweepId, SweepSpec spec, IReadOnlyList<TrialConfig> configs, DateTimeOffset now) =>
        new(configs, configs.Select((config, i) => new TrialStatus
        {
            TrialId = TrialId.Of(sweepId, i + 1),
            SweepId = sweepId,
            Number = i + 1,
            Axes = spec.AxesOf(config),
            Epochs = config.Get(Parameters.Epochs),
            EpsMax = config.Get(Parameters.Eps),
            UpdatedAt = now,
        }).ToList());

    /// <summary>Rows after a reactivation: the stored ones, or all pending when none were stored (a sweep whose
    /// trials were all pending stores only its spec).</summary>
    public static TrialRows Restore(string sweepId, SweepSpec spec, IReadOnlyList<TrialConfig> configs, IReadOnlyList<TrialStatus> stored, DateTimeOffset now) =>
        stored.Count == configs.Count ? new TrialRows(configs, stored.ToList()) : Pending(sweepId, spec, configs, now);

    /// <summary>True for a trial that will not run again: final, or failed after its retries.</summary>
    public static bool IsDone(TrialStatus row) => row.State.IsFinal() || row.State == TrialState.Failed;

    public bool Contains(int number) => number >= 1 && number <= _rows.Count;

    public TrialConfig Config(int number) => _configs[number - 1];

    /// <summary>Replaces the row of <paramref name="row"/>'s trial.</summary>
    public void Set(TrialStatus row) => _rows[row.Number - 1] = row;

    /// <summary>A copy of every row, in trial order.</summary>
    public List<TrialStatus> Snapshot() => _rows.ToList();

    /// <summary>Every row's state, for counting.</summary>
    public IEnumerable<TrialState> States => _rows.Select(r => r.State);

    /// <summary>Lowest best verified error at full eps of any trial; null while none reached full eps.</summary>
    public double? BestVerifiedError => _rows.Min(r => r.Best?.VerifiedError);

    public IEnumerable<TrialStatus> Where(Func<TrialStatus, bool> predicate) => _rows.Where(predicate);
}
