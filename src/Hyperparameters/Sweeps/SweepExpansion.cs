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

    /// <summary>A random search space smaller than this many times the wanted trials is listed before it is drawn
    /// from. Trials merged because a parameter does not apply to them shrink a space at most by the number of
    /// choices that parameter depends on (lambda: vanilla or fast), so a larger space holds enough trials.</summary>
    private const int SmallSpaceFactor = 4;

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

    private static IEnumerable<TrialConfig> Grid(SweepSpec spec) => Combinations(spec, axis => axis.Values!).Select(TrialConfig.Resolve);

    /// <summary>The spec's settings merged with every combination of the axes' values, in grid order.</summary>
    private static IEnumerable<ParameterSet> Combinations(SweepSpec spec, Func<SweepAxis, IReadOnlyList<ParameterSet>> valuesOf)
    {
        IEnumerable<ParameterSet> combinations = [spec.Settings];
        foreach (var axis in spec.Axes)
        {
            var values = valuesOf(axis);
            combinations = combinations.SelectMany(chosen => values.Select(chosen.Merge));
        }

        return combinations;
    }

    /// <summary>How many combinations random search can draw from (saturating at <see cref="long.MaxValue"/>, which
    /// a distribution over reals counts as); an axis whose parameter applies to no trial counts once, since its values
    /// are left out of every trial.</summary>
    private static long SpaceSize(SweepSpec spec)
    {
        long size = 1;
        foreach (var axis in spec.Axes)
        {
            var count = !AppliesToSomeTrial(spec, axis.Parameter) ? 1
                : axis.Values is { } values ? values.Count
                : axis.Distribution!.Kind == DistributionKind.IntUniform ? Math.Max(0, (long)Math.Floor(axis.Distribution.Max.Real) - (long)Math.Ceiling(axis.Distribution.Min.Real) + 1)
                : long.MaxValue;
            size = count == 0 ? 0 : size > long.MaxValue / count ? long.MaxValue : size * count;
        }

        return size;
    }

    /// <summary>Every value of an axis of a space small enough to list (<see cref="SpaceSize"/>): its list, its integer
    /// range, or, for a parameter that applies to no trial, one value.</summary>
    private static IReadOnlyList<ParameterSet> SpaceValues(SweepAxis axis) =>
        axis.Values ?? (axis.Distribution!.Kind == DistributionKind.IntUniform
            ? Enumerable.Range((int)Math.Ceiling(axis.Distribution.Min.Real), (int)(Math.Floor(axis.Distribution.Max.Real) - Math.Ceiling(axis.Distribution.Min.Real) + 1))
                .Select(i => ParameterSet.Of(axis.Parameter, ParameterValue.Of(i))).ToList()
            : [ParameterSet.Of(axis.Parameter, axis.Distribution.Min)]);

    /// <summary>Whether some trial of the spec has the parameter. Which trials a parameter applies to depends on the
    /// choices and presets they make (lambda needs a regularizer, which method vanilla turns off), so every combination of the choice axes decides it.</summary>
    private static bool AppliesToSomeTrial(SweepSpec spec, Parameter parameter) =>
        parameter.AppliesWhen is null
        || Combinations(spec, axis => axis.Parameter is ChoiceParameter or PresetParameter && axis.Values is { } values ? values : [ParameterSet.Empty])
            .Any(chosen => parameter.Applies(TrialConfig.Resolve(chosen.Without(parameter)).Values));

    private static IEnumerable<TrialConfig> Random(SweepSpec spec)
    {
        var wanted = spec.Get(Parameters.SearchTrials) ?? 0;

        // A space that may hold fewer distinct trials than wanted is listed first: drawing would repeat its trials
        // until the draw limit (a million draws for 10,000 trials, seconds). When it holds enough, the draws below
        // run as always, so a valid random search gets the same trials either way.
        if (SpaceSize(spec) < (long)SmallSpaceFactor * wanted)
        {
            var all = Combinations(spec, SpaceValues).Select(TrialConfig.Resolve).Distinct().ToList();
            if (all.Count < wanted)
            {
                return all;
            }
        }

        return Draw(spec, wanted);
    }

    private static IEnumerable<TrialConfig> Draw(SweepSpec spec, int wanted)
    {
        var random = new System.Random(spec.Get(Parameters.SearchSeed));
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

    /// <summary>An axis value's text for tables: the parameter's own value as written, a joint item as the spec writes
    /// it (<c>{length: 10, start: 3}</c>, <c>{init: ibp, bn: mean}</c>).</summary>
    public static string Describe(SweepAxis axis, ParameterSet item) =>
        axis.IsPlain(item)
            ? Echo.Escape(item[axis.Parameter].Written)
            : $"{{{string.Join(", ", item.Select(e => $"{axis.KeyOf(e.Key)}: {Echo.Escape(e.Value.Written)}"))}}}";
}
