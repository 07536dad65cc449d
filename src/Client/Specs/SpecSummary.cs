using System.Globalization;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Specs;

/// <summary>What <c>spec validate</c> reports: for a valid spec the trial count, the values every trial shares and
/// each axis; otherwise the problems.</summary>
public sealed record SpecSummary(
    string File,
    bool Valid,
    string? Name,
    string? Dataset,
    string? Search,
    int? Trials,
    long? GridSize,
    IReadOnlyList<SettingSummary>? Settings,
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

        // TPE proposes its trials while it runs; the axes' extremes stand for them here.
        var trials = spec.IsTpeSearch ? SweepExpansion.Representatives(spec) : SweepExpansion.Expand(spec);
        return new SpecSummary(
            result.Source,
            true,
            spec.Name,
            spec.Dataset,
            spec.Get(Parameters.SearchKind),
            SweepExpansion.TrialCount(spec),
            spec.DrawsValues ? null : SweepExpansion.GridSize(spec),
            Shared(spec, trials, result.IsWritten),
            spec.Axes.Select(axis => new AxisSummary(
                axis.Parameter.Name,
                axis.Values?.Select(v => SweepExpansion.Describe(axis, v)).ToList(),
                axis.Distribution?.ToString(),
                trials.Select(t => axis.ValuesIn(t.Values)).Where(v => v.Count > 0).Distinct().Count())).ToList(),
            null);
    }

    /// <summary>The headline: "valid: 3 trials (grid search of 4 combinations; 1 merged: parameters that do not apply
    /// to a trial, such as lambda without method fast, do not tell trials apart)".</summary>
    public string Headline()
    {
        if (!Valid)
        {
            return $"invalid: {Errors!.Count} problem{(Errors.Count == 1 ? string.Empty : "s")}";
        }

        var count = $"{Trials} trial{(Trials == 1 ? string.Empty : "s")}";
        var merged = GridSize - Trials;
        return GridSize is { } size
            ? $"valid: {count} (grid search{(merged > 0 ? string.Create(CultureInfo.InvariantCulture, $" of {size} combinations; {merged} merged, since a parameter that does not apply to a trial (such as lambda without method fast) does not tell trials apart") : string.Empty)})"
            : $"valid: {count} ({Search} search)";
    }

    /// <summary>The trial parameters every trial has the same value of, as written in the spec or as their default.</summary>
    private static List<SettingSummary> Shared(SweepSpec spec, IReadOnlyList<TrialConfig> trials, Func<string, bool> written)
    {
        var shared = new List<SettingSummary>();
        foreach (var parameter in Parameters.All)
        {
            if (parameter.Scope == ParameterScope.Sweep)
            {
                // An optional group left out is off (e.g. no scheduler): its members' defaults do not apply.
                var groupOff = parameter.Group is { Optional: true } group && !spec.Settings.Parameters.Any(p => p.Group == group);
                if (parameter != Parameters.Name && !groupOff && (spec.Settings.Find(parameter) ?? parameter.DefaultFor(spec.Settings)) is { } setting
                    && (setting.Kind != ValueKind.Null || spec.Settings.Contains(parameter)))
                {
                    shared.Add(new SettingSummary(parameter.Name, Echo.Escape(setting.Written), !written(parameter.Name)));
                }

                continue;
            }

            // A value only an axis item writes (a method item's bn) is not shared, even when every item writes the same.
            var values = trials.Select(t => t.Values.Find(parameter)).Distinct().ToList();
            if (values is [{ } value] && spec.AxisOf(parameter) is null && !spec.Axes.Any(a => a.Values?.Any(v => v.Contains(parameter)) == true)
                && (value.Kind != ValueKind.Null || spec.Settings.Contains(parameter)))
            {
                shared.Add(new SettingSummary(parameter.Name, Echo.Escape(value.Written), !written(parameter.Name)));
            }
        }

        return shared;
    }
}
