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

    public static IReadOnlyList<TrialConfig> Expand(SweepSpec spec)
    {
        var trials = spec.IsRandomSearch ? Random(spec) : Grid(spec);
        return trials.Distinct().ToList();
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
