using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// The coordinator's table of its sweep's trials: each trial's config (expanded from the spec, or proposed one at a
/// time by TPE) and its latest status row, numbered from 1 in expansion (or proposal) order. The rows are what the
/// coordinator stores and answers with.
/// </summary>
internal sealed class TrialRows
{
    private readonly string _sweepId;
    private readonly SweepSpec? _spec;
    private readonly List<TrialConfig> _configs;
    private readonly List<TrialStatus> _rows;

    private TrialRows(string sweepId, SweepSpec? spec, IEnumerable<TrialConfig> configs, List<TrialStatus> rows)
    {
        _sweepId = sweepId;
        _spec = spec;
        _configs = configs.ToList();
        _rows = rows;
    }

    /// <summary>No sweep submitted yet.</summary>
    public static TrialRows None { get; } = new(string.Empty, null, Array.Empty<TrialConfig>(), new List<TrialStatus>());

    public int Count => _rows.Count;

    public TrialStatus this[int number] => _rows[number - 1];

    /// <summary>True when every trial has finished (final, or failed after its retries).</summary>
    public bool AllDone => _rows.All(IsDone);

    /// <summary>Rows of a just-submitted sweep: every trial of <paramref name="spec"/> pending.</summary>
    public static TrialRows Pending(string sweepId, SweepSpec spec, IReadOnlyList<TrialConfig> configs, DateTimeOffset now) =>
        new(sweepId, spec, configs, configs.Select((config, i) => NewRow(sweepId, spec, config, i + 1, now)).ToList());

    /// <summary>Rows after a reactivation: the stored ones, or all pending when none were stored (a sweep whose
    /// trials were all pending stores only its spec).</summary>
    public static TrialRows Restore(string sweepId, SweepSpec spec, IReadOnlyList<TrialConfig> configs, IReadOnlyList<TrialStatus> stored, DateTimeOffset now) =>
        stored.Count == configs.Count ? new TrialRows(sweepId, spec, configs, stored.ToList()) : Pending(sweepId, spec, configs, now);

    /// <summary>True for a trial that will not run again: final, or failed after its retries.</summary>
    public static bool IsDone(TrialStatus row) => row.State.IsFinal() || row.State == TrialState.Failed;

    public bool Contains(int number) => number >= 1 && number <= _rows.Count;

    /// <summary>The id of trial <paramref name="number"/>, also of one not proposed yet.</summary>
    public string TrialIdOf(int number) => TrialId.Of(_sweepId, number);

    public TrialConfig Config(int number) => _configs[number - 1];

    /// <summary>Adds the next trial (a proposal), pending; returns its number.</summary>
    public int Add(TrialConfig config, DateTimeOffset now)
    {
        _configs.Add(config);
        _rows.Add(NewRow(_sweepId, _spec!, config, _rows.Count + 1, now));
        return _rows.Count;
    }

    /// <summary>Replaces the row of <paramref name="row"/>'s trial.</summary>
    public void Set(TrialStatus row) => _rows[row.Number - 1] = row;

    /// <summary>A copy of every row, in trial order.</summary>
    public List<TrialStatus> Snapshot() => _rows.ToList();

    /// <summary>Every row's state, for counting.</summary>
    public IEnumerable<TrialState> States => _rows.Select(r => r.State);

    /// <summary>Lowest best verified error at full eps of any trial; null while none reached full eps.</summary>
    public double? BestVerifiedError => _rows.Min(r => r.Best?.VerifiedError);

    public IEnumerable<TrialStatus> Where(Func<TrialStatus, bool> predicate) => _rows.Where(predicate);

    private static TrialStatus NewRow(string sweepId, SweepSpec spec, TrialConfig config, int number, DateTimeOffset now) => new()
    {
        TrialId = TrialId.Of(sweepId, number),
        SweepId = sweepId,
        Number = number,
        Axes = spec.AxesOf(config),
        Epochs = config.Get(Parameters.Epochs),
        EpsMax = config.Get(Parameters.Eps),
        UpdatedAt = now,
    };
}
