using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps.Search;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;

namespace Certsweep.Grains.Sweeps;

/// <summary>
/// A TPE sweep's trials, proposed one at a time as slots free up: the next trial is the searcher's answer to the
/// trials so far (<see cref="ISearcher.Next"/>), so it learns from every trial that finished before it got its slot.
/// What each earlier trial tells the searcher, in trial order:
/// <list type="bullet">
/// <item>completed or stopped early: its best epoch's first objective (on the selection split, at full eps);</item>
/// <item>diverged: 1, the worst error there is (the configuration cannot be trained);</item>
/// <item>still pending or running, failed after its retries, or cancelled: no value; its point counts among the
/// others (the "constant liar", so trials proposed side by side spread out), and a failure may have nothing to do
/// with its configuration.</item>
/// </list>
/// Every proposal so counts all earlier ones, so trial <c>n</c> draws from the searcher's stream <c>n - 1</c>: a
/// coordinator rebuilt from the stored points proposes what its predecessor would have. The points of the trials
/// proposed so far are what the coordinator stores (<see cref="Points"/>); configs follow from them and the spec.
/// </summary>
internal sealed class TrialProposals
{
    /// <summary>What a diverged trial counts as.</summary>
    public const double DivergedObjective = 1.0;

    private readonly SpecSearchSpace _space;
    private readonly ISearcher _searcher;
    private readonly string _objective;
    private readonly List<SearchPoint> _points;

    public TrialProposals(SweepSpec spec, IReadOnlyList<double[]> stored)
    {
        _space = SpecSearchSpace.Of(spec);
        _searcher = new TpeSearcher(_space.Space, spec.Get(Parameters.SearchSeed), spec.Get(Parameters.SearchStartup));
        _objective = spec.Objectives[0];
        _points = stored.Select(_space.PointAt).ToList();
        Total = spec.Get(Parameters.SearchTrials) ?? 0;
    }

    /// <summary>The sweep's trial count (search.trials).</summary>
    public int Total { get; }

    /// <summary>Trials proposed so far.</summary>
    public int Count => _points.Count;

    public bool HasMore => Count < Total;

    /// <summary>The configs of the trials proposed so far, in trial order.</summary>
    public IReadOnlyList<TrialConfig> Configs => _points.Select(_space.ConfigOf).ToList();

    /// <summary>The coordinates of the trials proposed so far, in trial order (what the coordinator stores).</summary>
    public List<double[]> Points => _points.Select(p => p.Coordinates.ToArray()).ToList();

    /// <summary>Proposes trial <see cref="Count"/> + 1 from the rows of the trials so far (trial order).</summary>
    public TrialConfig ProposeNext(IReadOnlyList<TrialStatus> rows)
    {
        if (!HasMore)
        {
            throw new InvalidOperationException($"All {Total} trials are proposed.");
        }

        var completed = new List<SearchObservation>();
        var pending = new List<SearchPoint>();
        for (var i = 0; i < _points.Count; i++)
        {
            if (i < rows.Count && ObjectiveOf(rows[i]) is { } objective)
            {
                completed.Add(new SearchObservation(_points[i], objective));
            }
            else
            {
                pending.Add(_points[i]);
            }
        }

        var point = _searcher.Next(completed, pending);
        _points.Add(point);
        return _space.ConfigOf(point);
    }

    /// <summary>What a trial tells the searcher; null when it tells nothing (yet).</summary>
    private double? ObjectiveOf(TrialStatus row) => row.State switch
    {
        TrialState.Completed or TrialState.Stopped => row.Best?.Objective(_objective) ?? DivergedObjective,
        TrialState.Diverged => DivergedObjective,
        _ => null,
    };
}
