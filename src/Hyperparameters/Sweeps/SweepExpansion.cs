using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Sweeps;

/// <summary>
/// Turns a valid sweep into its trials, deterministically. Grid: the product of the axes in their parameters'
/// declaration order (model, method, ..., warmup, lambda, ..., seed). Random: search.trials distinct trials drawn from
/// a generator seeded by search.seed, lists sampled uniformly, axes drawn in the same order; a draw equal to an
/// earlier one is drawn again, so only a search space smaller than the count yields fewer (the rules refuse that).
/// Parameters that do not apply to a trial are left out of it, so e.g. vanilla trials that differ only in lambda are
/// one trial.
/// </summary>
public static class SweepExpansion
{
    /// <summary>Draws per wanted trial before random search takes the space as exhausted.</summary>
    private const int DrawsPerTrial = 100;

    /// <summary>Combinations of axis extremes <see cref="Representatives"/> checks in full; more are checked one axis at a time.</summary>
    private const int MaxCorners = 4096;

    public static IReadOnlyList<TrialConfig> Expand(SweepSpec spec)
    {
        if (spec.IsTpeSearch)
        {
            throw new InvalidOperationException("A TPE sweep proposes its trials while it runs; they cannot be expanded up front.");
        }

        var trials = spec.IsRandomSearch ? Random(spec) : Grid(spec);
        return trials.Distinct().ToList();
    }

    /// <summary>How many trials the sweep runs: search.trials for TPE, else the expansion's count.</summary>
    public static int TrialCount(SweepSpec spec) => spec.IsTpeSearch ? spec.Get(Parameters.SearchTrials) ?? 0 : Expand(spec).Count;

    /// <summary>
    /// Trials that stand for a TPE sweep's, whose trials are proposed while it runs, in the checks made before it
    /// starts: every combination of each axis's extremes (every listed value, a distribution's bounds) when there
    /// are at most <see cref="MaxCorners"/>, else each axis's extremes with the other axes at their first extreme,
    /// and every axis at its last. The rules between fields bound a parameter from one side (a warmup ends by the
    /// last epoch), so a value in between passes when the extremes do.
    /// </summary>
    public static IReadOnlyList<TrialConfig> Representatives(SweepSpec spec)
    {
        var extremes = spec.Axes.Select(Extremes).ToList();
        var count = extremes.Aggregate(1L, (product, values) => Math.Min(product * values.Count, MaxCorners + 1L));
        IEnumerable<ParameterSet> combinations = [spec.Settings];
        if (count <= MaxCorners)
        {
            foreach (var values in extremes)
            {
                combinations = combinations.SelectMany(chosen => values.Select(chosen.Merge));
            }
        }
        else
        {
            var first = extremes.Aggregate(spec.Settings, (set, values) => set.Merge(values[0]));
            var last = extremes.Aggregate(spec.Settings, (set, values) => set.Merge(values[^1]));
            combinations = extremes.SelectMany(values => values.Select(first.Merge)).Append(last);
        }

        return combinations.Select(TrialConfig.Resolve).Distinct().ToList();
    }

    /// <summary>An axis's listed values, or its distribution's bounds (whole numbers for int_uniform).</summary>
    private static IReadOnlyList<ParameterSet> Extremes(SweepAxis axis)
    {
        if (axis.Values is { } values)
        {
            return values;
        }

        var d = axis.Distribution!;
        var bounds = d.Kind == DistributionKind.IntUniform
            ? new[] { ParameterValue.Of((int)Math.Ceiling(d.Min.Real)), ParameterValue.Of((int)Math.Floor(d.Max.Real)) }
            : new[] { ParameterValue.Of(d.Min.Real), ParameterValue.Of(d.Max.Real) };
        return bounds.Distinct().Select(v => ParameterSet.Of(axis.Parameter, v)).ToList();
    }

    /// <summary>The grid's size before trials that do not differ are merged, saturating at <see cref="long.MaxValue"/>
    /// (checked against limits before anything is expanded); 0 when an axis is a distribution.</summary>
    public static long GridSize(SweepSpec spec)
    {
        long size = 1;
        foreach (var axis in spec.Axes)
        {
            var count = axis.Values?.Count ?? 0;
            size = count == 0 ? 0 : size > long.MaxValue / count ? long.MaxValue : size * count;
        }

        return size;
    }

    private static IEnumerable<TrialConfig> Grid(SweepSpec spec)
    {
        IEnumerable<ParameterSet> combinations = [spec.Settings];
        foreach (var axis in spec.Axes)
        {
            var values = axis.Values!;
            combinations = combinations.SelectMany(chosen => values.Select(chosen.Merge));
        }

        return combinations.Select(TrialConfig.Resolve);
    }

    private static IEnumerable<TrialConfig> Random(SweepSpec spec)
    {
        var random = new System.Random(spec.Get(Parameters.SearchSeed));
        var wanted = spec.Get(Parameters.SearchTrials) ?? 0;
        var drawn = new HashSet<TrialConfig>();
        for (long draw = 0; drawn.Count < wanted && draw < (long)wanted * DrawsPerTrial; draw++)
        {
            var chosen = spec.Settings;
            foreach (var axis in spec.Axes)
            {
                chosen = chosen.Merge(axis.Values is { } values
                    ? values[random.Next(values.Count)]
                    : ParameterSet.Of(axis.Parameter, Sample(random, axis.Distribution!)));
            }

            var trial = TrialConfig.Resolve(chosen);
            if (drawn.Add(trial))
            {
                yield return trial;
            }
        }
    }

    private static ParameterValue Sample(System.Random random, Distribution d)
    {
        var (min, max) = (d.Min.Real, d.Max.Real);
        return d.Kind switch
        {
            DistributionKind.Uniform => ParameterValue.Of(min + ((max - min) * random.NextDouble())),
            DistributionKind.LogUniform => ParameterValue.Of(Math.Exp(Math.Log(min) + ((Math.Log(max) - Math.Log(min)) * random.NextDouble()))),
            _ => ParameterValue.Of((int)random.NextInt64((long)Math.Ceiling(min), (long)Math.Floor(max) + 1)),
        };
    }

    /// <summary>An axis value's text for tables: the parameter's own value as written, joint values key by key (<c>length 10, start 3</c>).</summary>
    public static string Describe(SweepAxis axis, ParameterSet item) =>
        item.Count == 1
            ? Echo.Escape(item[axis.Parameter].Written)
            : string.Join(", ", item.Select(e => $"{(e.Key == axis.Parameter ? axis.Parameter.JointKey : e.Key.Key)} {Echo.Escape(e.Value.Written)}"));
}
