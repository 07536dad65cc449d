using Certsweep.Contracts.Trials;

namespace Certsweep.Contracts.Sweeps;

/// <summary>
/// Turns a valid sweep into its trials, deterministically. Grid: the product of the axes in the order
/// model, method, warmup, lambda, seed. Random: <see cref="SearchSpec.Trials"/> distinct trials drawn from a
/// generator seeded by <see cref="SearchSpec.Seed"/>, lists sampled uniformly; a draw equal to an earlier one is
/// drawn again, so only a search space smaller than the count yields fewer (the validator refuses that). Vanilla
/// ignores lambda, so its trials get lambda 0 and duplicates are dropped.
/// </summary>
public static class SweepExpansion
{
    /// <summary>Draws per wanted trial before random search takes the space as exhausted.</summary>
    private const int DrawsPerTrial = 100;

    public static IReadOnlyList<TrialConfig> Expand(SweepSpec spec)
    {
        var trials = spec.Search.Kind == SearchKind.Grid ? Grid(spec) : Random(spec);
        return trials.Distinct(TrialConfigComparer.Instance).ToList();
    }

    /// <summary>How many trials the grid of <paramref name="spec"/> has before vanilla's duplicates are dropped
    /// (checked against limits before anything is expanded).</summary>
    public static long GridSize(SweepAxes axes) =>
        (long)(axes.Lambda.Values?.Count ?? 0) * (axes.Warmup.Values?.Count ?? 0) * axes.Model.Count * axes.Method.Count * axes.Seed.Count;

    private static IEnumerable<TrialConfig> Grid(SweepSpec spec)
    {
        var axes = spec.Axes;
        return from model in axes.Model
               from method in axes.Method
               from warmup in axes.Warmup.Values!
               from lambda in axes.Lambda.Values!
               from seed in axes.Seed
               select Trial(spec, model, method, warmup, lambda, seed);
    }

    private static IEnumerable<TrialConfig> Random(SweepSpec spec)
    {
        var axes = spec.Axes;
        var random = new System.Random(spec.Search.Seed);
        var wanted = spec.Search.Trials!.Value;
        var drawn = new HashSet<TrialConfig>(TrialConfigComparer.Instance);
        for (var draw = 0; drawn.Count < wanted && draw < (long)wanted * DrawsPerTrial; draw++)
        {
            var model = Pick(random, axes.Model);
            var method = Pick(random, axes.Method);
            var warmup = axes.Warmup.Values is { } warmups
                ? Pick(random, warmups)
                : new WarmupSetting((int)Math.Round(Sample(random, axes.Warmup.Length!)));
            var lambda = axes.Lambda.Values is { } lambdas ? Pick(random, lambdas) : Sample(random, axes.Lambda.Distribution!);
            var seed = Pick(random, axes.Seed);
            var trial = Trial(spec, model, method, warmup, lambda, seed);
            if (drawn.Add(trial))
            {
                yield return trial;
            }
        }
    }

    private static T Pick<T>(System.Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static double Sample(System.Random random, Distribution d) => d.Kind switch
    {
        DistributionKind.Uniform => d.Min + (d.Max - d.Min) * random.NextDouble(),
        DistributionKind.LogUniform => Math.Exp(Math.Log(d.Min) + (Math.Log(d.Max) - Math.Log(d.Min)) * random.NextDouble()),
        _ => random.NextInt64((long)Math.Ceiling(d.Min), (long)Math.Floor(d.Max) + 1),
    };

    private static TrialConfig Trial(SweepSpec spec, string model, MethodKind method, WarmupSetting warmup, double lambda, int seed) => new()
    {
        Dataset = spec.Dataset,
        TrainLimit = spec.TrainLimit,
        TestLimit = spec.TestLimit,
        Model = model,
        Method = method,
        Eps = spec.Eps,
        Epochs = spec.Epochs,
        Schedule = spec.Schedule.Kind,
        ScheduleStart = warmup.Start ?? spec.Schedule.Start,
        ScheduleLength = warmup.Length,
        ScheduleMid = spec.Schedule.Mid,
        ScheduleBeta = spec.Schedule.Beta,
        Lambda = method == MethodKind.Vanilla ? 0 : lambda,
        LearningRate = spec.LearningRate,
        LrMilestones = spec.LrMilestones,
        BatchSize = spec.BatchSize,
        GradientAccumulation = spec.GradientAccumulation,
        Seed = seed,
        EarlyStopping = spec.EarlyStopping,
    };

    /// <summary>Value equality including the milestone list (records compare lists by reference).</summary>
    private sealed class TrialConfigComparer : IEqualityComparer<TrialConfig>
    {
        public static readonly TrialConfigComparer Instance = new();

        public bool Equals(TrialConfig? x, TrialConfig? y) =>
            x is not null && y is not null && x with { LrMilestones = y.LrMilestones } == y && x.LrMilestones.SequenceEqual(y.LrMilestones);

        public int GetHashCode(TrialConfig obj) => (obj with { LrMilestones = Array.Empty<int>() }).GetHashCode();
    }
}
