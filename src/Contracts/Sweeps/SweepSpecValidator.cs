using System.Globalization;

namespace Certsweep.Contracts.Sweeps;

/// <summary>Checks a sweep spec before anything reaches the cluster; every problem names its field, its value
/// and what is allowed.</summary>
public static class SweepSpecValidator
{
    /// <summary>Largest number of trials one sweep may expand to unless configured otherwise (client and silos alike).</summary>
    public const int DefaultMaxTrials = 10_000;

    public static IReadOnlyList<SpecError> Validate(SweepSpec spec, TrialLimit limit)
    {
        var errors = new List<SpecError>();
        void Check(bool ok, string field, object? value, string allowed)
        {
            if (!ok)
            {
                errors.Add(new SpecError(field, Format(value), allowed));
            }
        }

        Check(KnownDatasets.Names.Contains(spec.Dataset), "dataset", spec.Dataset, $"one of {string.Join(", ", KnownDatasets.Names)}");
        Check(spec.TrainLimit is null or >= 2, "train_limit", spec.TrainLimit, "an integer >= 2");
        Check(spec.TestLimit is null or >= 1, "test_limit", spec.TestLimit, "an integer >= 1");
        Check(spec.Eps > 0 && spec.Eps <= 1, "eps", spec.Eps, "0 < eps <= 1 (raw pixel units)");
        Check(spec.Epochs >= 1, "epochs", spec.Epochs, "an integer >= 1");
        Check(spec.Schedule.Start >= 1, "schedule.start", spec.Schedule.Start, "an epoch >= 1");
        Check(spec.Schedule.Mid is >= 0 and <= 1, "schedule.mid", spec.Schedule.Mid, "0 <= mid <= 1");
        Check(spec.Schedule.Beta >= 2, "schedule.beta", spec.Schedule.Beta, "beta >= 2");
        Check(spec.BatchSize >= 2, "batch_size", spec.BatchSize, "an integer >= 2 (BatchNorm needs two samples)");
        Check(spec.GradientAccumulation >= 1 && spec.BatchSize / Math.Max(spec.GradientAccumulation, 1) >= 2,
            "grad_acc", spec.GradientAccumulation, "an integer >= 1 leaving at least 2 samples per micro-batch");
        Check(spec.LearningRate > 0 && double.IsFinite(spec.LearningRate), "lr", spec.LearningRate, "a number > 0");
        for (var i = 0; i < spec.LrMilestones.Count; i++)
        {
            var milestone = spec.LrMilestones[i];
            Check(milestone >= 1 && milestone <= spec.Epochs, $"lr_milestones[{i}]", milestone,
                $"an epoch from 1 to the last epoch {spec.Epochs} (lr_milestones: [] for no decay)");
            if (i > 0)
            {
                var previous = spec.LrMilestones[i - 1];
                Check(milestone > previous, $"lr_milestones[{i}]", milestone, $"an epoch after lr_milestones[{i - 1}] ({previous}): milestones ascending, each once");
            }
        }

        Check(spec.MaxConcurrency >= 0, "max_concurrency", spec.MaxConcurrency, "an integer >= 0 (0: no limit)");
        Check(spec.Retries >= 0, "retries", spec.Retries, "an integer >= 0");
        if (spec.EarlyStopping is { } early)
        {
            Check(early.Patience >= 1, "early_stopping.patience", early.Patience, "an integer >= 1 (epochs)");
            Check(early.MinDelta >= 0, "early_stopping.min_delta", early.MinDelta, "a number >= 0");
        }

        ValidateAxes(spec, Check);
        ValidateSearch(spec, limit, Check);
        if (errors.Count == 0 && spec.Search.Kind == SearchKind.Random)
        {
            // Lists and integer ranges can hold fewer distinct trials than asked for (vanilla also ignores lambda).
            var distinct = SweepExpansion.Expand(spec).Count;
            Check(distinct == spec.Search.Trials, "search.trials", spec.Search.Trials,
                $"at most {distinct}: the axes hold only {distinct} distinct trials (widen an axis or ask for fewer)");
        }

        return errors;
    }

    private static void ValidateAxes(SweepSpec spec, Action<bool, string, object?, string> check)
    {
        var axes = spec.Axes;
        var random = spec.Search.Kind == SearchKind.Random;
        CheckNumberAxis("axes.lambda", axes.Lambda.Values, axes.Lambda.Distribution, random, v => v >= 0 && double.IsFinite(v), "a number >= 0", check);
        if (axes.Warmup.Values is { } warmups)
        {
            check(warmups.Count > 0, "axes.warmup", "[]", "at least one value");
            for (var i = 0; i < warmups.Count; i++)
            {
                var start = warmups[i].Start ?? spec.Schedule.Start;
                check(warmups[i].Length >= (spec.Schedule.Kind == ScheduleKind.Linear ? 0 : 1), $"axes.warmup[{i}].length", warmups[i].Length, "an integer >= 1 (epochs)");
                check(start >= 1, $"axes.warmup[{i}].start", start, "an epoch >= 1");
                check(start + warmups[i].Length - 1 <= spec.Epochs, $"axes.warmup[{i}]", $"start {start} + length {warmups[i].Length}",
                    $"a warmup that ends by the last epoch {spec.Epochs} (start + length - 1 <= epochs)");
            }
        }
        else
        {
            CheckDistribution("axes.warmup", axes.Warmup.Length, random, check);
            if (axes.Warmup.Length is { } d)
            {
                check(d.Min >= 1, "axes.warmup.min", d.Min, "a length >= 1");
                check(spec.Schedule.Start + d.Max - 1 <= spec.Epochs, "axes.warmup.max", d.Max, $"a length that ends by the last epoch {spec.Epochs}");
            }
        }

        check(axes.Model.Count > 0, "axes.model", "[]", "at least one model");
        CheckDistinct("axes.model", axes.Model, check);
        CheckDistinct("axes.method", axes.Method, check);
        CheckDistinct("axes.seed", axes.Seed, check);
        CheckDistinct("axes.lambda", axes.Lambda.Values ?? Array.Empty<double>(), check);
        CheckDistinct("axes.warmup", (axes.Warmup.Values ?? Array.Empty<WarmupSetting>()).Select(w => w with { Start = w.Start ?? spec.Schedule.Start }).ToList(), check);
        for (var i = 0; i < axes.Model.Count; i++)
        {
            check(KnownModels.Names.Contains(axes.Model[i]), $"axes.model[{i}]", axes.Model[i], $"one of {string.Join(", ", KnownModels.Names)}");
        }

        check(axes.Method.Count > 0, "axes.method", "[]", "at least one of vanilla, fast");
        check(axes.Seed.Count > 0, "axes.seed", "[]", "at least one integer seed");
    }

    /// <summary>A value listed twice on an axis would only repeat trials (expansion drops the copies); it is
    /// almost always a typo, so it is reported at its second occurrence.</summary>
    private static void CheckDistinct<T>(string field, IReadOnlyList<T> values, Action<bool, string, object?, string> check)
        where T : notnull
    {
        var firstIndex = new Dictionary<T, int>();
        for (var i = 0; i < values.Count; i++)
        {
            if (!firstIndex.TryAdd(values[i], i))
            {
                check(false, $"{field}[{i}]", values[i], $"each value once on an axis (the same as {field}[{firstIndex[values[i]]}])");
            }
        }
    }

    private static void CheckNumberAxis(string field, IReadOnlyList<double>? values, Distribution? distribution, bool random,
        Func<double, bool> valid, string allowed, Action<bool, string, object?, string> check)
    {
        if (values is not null)
        {
            check(values.Count > 0, field, "[]", "at least one value");
            for (var i = 0; i < values.Count; i++)
            {
                check(valid(values[i]), $"{field}[{i}]", values[i], allowed);
            }

            return;
        }

        CheckDistribution(field, distribution, random, check);
        if (distribution is { } d)
        {
            check(valid(d.Min), $"{field}.min", d.Min, allowed);
        }
    }

    private static void CheckDistribution(string field, Distribution? distribution, bool random, Action<bool, string, object?, string> check)
    {
        if (distribution is null)
        {
            check(false, field, "nothing", "a list of values or a distribution");
            return;
        }

        check(random, field, distribution.Kind, "a list of values under grid search (distributions need search: random)");
        check(distribution.Min <= distribution.Max, $"{field}.max", distribution.Max, $"a value >= min {Format(distribution.Min)}");
        check(distribution.Kind != DistributionKind.LogUniform || distribution.Min > 0, $"{field}.min", distribution.Min, "a value > 0 for log_uniform");
    }

    private static void ValidateSearch(SweepSpec spec, TrialLimit limit, Action<bool, string, object?, string> check)
    {
        if (spec.Search.Kind == SearchKind.Random)
        {
            check(spec.Search.Trials is >= 1, "search.trials", spec.Search.Trials, $"an integer from 1 to {limit.Max} for random search");
            check(spec.Search.Trials is null || spec.Search.Trials <= limit.Max, "search.trials", spec.Search.Trials,
                $"at most {limit.Max} trials (raise the limit with {limit.Setting})");
        }
        else
        {
            check(spec.Search.Trials is null, "search.trials", spec.Search.Trials, "nothing under grid search (the grid decides the count)");
            var size = SweepExpansion.GridSize(spec.Axes);
            check(size <= limit.Max, "axes", $"a grid of {size} trials", $"at most {limit.Max} trials (raise the limit with {limit.Setting}, or shrink an axis)");
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "nothing",
        Enum e => SnakeCase(e.ToString()),
        WarmupSetting w => w.Start is { } start ? $"{{length: {w.Length}, start: {start}}}" : w.Length.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "nothing",
    };

    /// <summary>Enum values as the spec file spells them: <c>LogUniform</c> -> <c>log_uniform</c>.</summary>
    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));
}
