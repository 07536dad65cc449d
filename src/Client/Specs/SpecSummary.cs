using System.Globalization;
using Certsweep.Contracts;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Specs;

/// <summary>What <c>spec validate</c> reports: for a valid spec the trial count and each axis; otherwise the problems.</summary>
public sealed record SpecSummary(
    string File,
    bool Valid,
    string? Name,
    string? Dataset,
    string? Search,
    int? Trials,
    long? GridSize,
    IReadOnlyList<string>? Settings,
    IReadOnlyList<AxisSummary>? Axes,
    IReadOnlyList<SpecProblem>? Errors)
{
    public static SpecSummary Of(SpecLoadResult result)
    {
        if (!result.IsValid)
        {
            return new SpecSummary(result.Source, false, null, null, null, null, null, null, null, result.Problems);
        }

        var spec = result.Spec;
        var trials = SweepExpansion.Expand(spec);
        var axes = spec.Axes;
        var grid = spec.Search.Kind == SearchKind.Grid;
        return new SpecSummary(
            result.Source,
            true,
            spec.Name,
            spec.Dataset,
            SpecNames.Of(SpecNames.Searches, spec.Search.Kind),
            trials.Count,
            grid ? SweepExpansion.GridSize(axes) : null,
            SettingLines(spec),
            [
                Axis("model", axes.Model, null, trials.Select(t => t.Model)),
                Axis("method", axes.Method.Select(m => SpecNames.Of(SpecNames.Methods, m)).ToList(), null, trials.Select(t => t.Method)),
                Axis("lambda", axes.Lambda.Values?.Select(Number).ToList(), axes.Lambda.Distribution, trials.Where(t => t.Method != MethodKind.Vanilla).Select(t => t.Lambda)),
                Axis("warmup", axes.Warmup.Values?.Select(w => Warmup(w, spec)).ToList(), axes.Warmup.Length, trials.Select(t => (t.ScheduleStart, t.ScheduleLength))),
                Axis("seed", axes.Seed.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToList(), null, trials.Select(t => t.Seed)),
            ],
            null);
    }

    /// <summary>The headline: "valid: 3 trials (grid of 4; vanilla ignores lambda, so 1 duplicate was dropped)".</summary>
    public string Headline()
    {
        if (!Valid)
        {
            return $"invalid: {Errors!.Count} problem{(Errors.Count == 1 ? string.Empty : "s")}";
        }

        var count = $"{Trials} trial{(Trials == 1 ? string.Empty : "s")}";
        return GridSize is { } size
            ? $"valid: {count} (grid search{(size != Trials ? $" of {size} combinations; vanilla ignores lambda, so {size - Trials} duplicate{(size - Trials == 1 ? " was" : "s were")} dropped" : string.Empty)})"
            : $"valid: {count} (random search)";
    }

    private static IReadOnlyList<string> SettingLines(SweepSpec spec)
    {
        var schedule = SpecNames.Of(SpecNames.Schedules, spec.Schedule.Kind);
        var limits = spec.TrainLimit is null && spec.TestLimit is null ? string.Empty
            : $" (first {spec.TrainLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"} train / {spec.TestLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"} test samples)";
        return
        [
            $"dataset {spec.Dataset}{limits}",
            $"eps {Eps(spec.Eps)}, {schedule} schedule",
            $"{spec.Epochs} epochs, batch {spec.BatchSize}{(spec.GradientAccumulation > 1 ? $" in {spec.GradientAccumulation} micro-batches" : string.Empty)}, " +
            $"lr {Number(spec.LearningRate)}{(spec.LrMilestones.Count > 0 ? $" (x0.2 after epoch{(spec.LrMilestones.Count == 1 ? string.Empty : "s")} {string.Join(", ", spec.LrMilestones)})" : string.Empty)}",
            $"max concurrency {(spec.MaxConcurrency == 0 ? "all free device slots" : spec.MaxConcurrency.ToString(CultureInfo.InvariantCulture))}, " +
            $"retries {spec.Retries}, early stopping {(spec.EarlyStopping is { } e ? $"after {e.Patience} epochs without improvement of {Number(e.MinDelta)}" : "off")}",
        ];
    }

    private static AxisSummary Axis<T>(string name, IReadOnlyList<string>? values, Distribution? distribution, IEnumerable<T> inTrials) => new(
        name,
        values,
        distribution is null ? null : $"{SpecNames.Of(SpecNames.Distributions, distribution.Kind)} [{Number(distribution.Min)}, {Number(distribution.Max)}]",
        inTrials.Distinct().Count());

    private static string Warmup(WarmupSetting warmup, SweepSpec spec) =>
        $"{warmup.Length} from epoch {(warmup.Start ?? spec.Schedule.Start).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Eps as a number, with its k/255 form when the number alone is rounded (the paper's 8/255, 1/255).</summary>
    private static string Eps(double eps)
    {
        var pixels = Math.Round(eps * 255);
        var rounded = double.Parse(Number(eps), CultureInfo.InvariantCulture) != eps;
        return rounded && pixels >= 1 && Math.Abs((eps * 255) - pixels) < 1e-9
            ? $"{Number(eps)} ({pixels.ToString(CultureInfo.InvariantCulture)}/255)"
            : Number(eps);
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
