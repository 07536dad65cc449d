using System.Globalization;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Rules;

/// <summary>
/// Checks a sweep before anything runs, the same way in the client and in the coordinator: every value within its
/// declared bounds, axes only over parameters that may vary, the search's settings and trial limit, the objectives
/// and the scheduler's metric, and then every trial the sweep expands to against <see cref="TrialRules"/> (each
/// distinct problem once, at the place the spec writes the value; a TPE sweep, whose trials are proposed while it
/// runs, by <see cref="SweepExpansion.Representatives"/>).
/// </summary>
public static class SweepRules
{
    /// <param name="complete">False when parts of the spec could not be read (the client's binder dropped them): its
    /// values are still checked, but not its trials, which would be judged with defaults in place of what was dropped
    /// (an axis left out holds fewer trials than search.trials asks for; a warmup left out is the default's 20 epochs).</param>
    public static IReadOnlyList<SpecError> Validate(SweepSpec spec, TrialLimit limit, bool complete = true)
    {
        var errors = new List<SpecError>();
        CheckSettings(spec, errors);
        CheckAxes(spec, errors);
        CheckSearch(spec, limit, errors);
        CheckObjectives(spec, errors);
        if (errors.Count > 0 || !complete)
        {
            return errors;
        }

        var trials = spec.IsTpeSearch ? SweepExpansion.Representatives(spec) : SweepExpansion.Expand(spec);
        foreach (var error in trials.SelectMany(TrialRules.Check).Distinct())
        {
            errors.Add(error with { Field = Locate(spec, error) });
        }

        if (errors.Count == 0 && spec.IsRandomSearch && trials.Count != spec.Get(Parameters.SearchTrials))
        {
            // Lists and integer ranges can hold fewer distinct trials than asked for.
            errors.Add(new SpecError(Parameters.SearchTrials.Name, Shown(spec.Settings[Parameters.SearchTrials]), Invariant(
                $"at most {trials.Count}: the axes hold only {trials.Count} distinct trials (widen an axis or ask for fewer)")));
        }

        return errors;
    }

    private static void CheckSettings(SweepSpec spec, List<SpecError> errors)
    {
        foreach (var (parameter, value) in spec.Settings)
        {
            if (parameter.Violation(value) is { } allowed)
            {
                errors.Add(new SpecError(parameter.Name, Shown(value), allowed));
            }
        }

        foreach (var parameter in Parameters.All.Where(p => p.Required && !spec.Settings.Contains(p) && spec.AxisOf(p) is null))
        {
            errors.Add(new SpecError(parameter.Name, "nothing (the key is missing)", $"{parameter.Allowed}; the key is required"));
        }
    }

    private static void CheckAxes(SweepSpec spec, List<SpecError> errors)
    {
        var random = spec.DrawsValues;
        foreach (var axis in spec.Axes)
        {
            var parameter = axis.Parameter;
            if (!parameter.Sweepable || parameter.Scope != ParameterScope.Trial)
            {
                errors.Add(new SpecError(axis.Path, "an axis", $"a fixed {parameter.Name} at the top level: it cannot vary between the trials of one sweep"));
                continue;
            }

            if (axis.Values is { } values)
            {
                CheckListedValues(spec, axis, values, errors);
            }
            else if (axis.Distribution is { } distribution)
            {
                CheckDistribution(axis, distribution, random, errors);
            }
            else
            {
                errors.Add(new SpecError(axis.Path, "nothing", "a list of values or a distribution"));
            }
        }
    }

    private static void CheckListedValues(SweepSpec spec, SweepAxis axis, IReadOnlyList<ParameterSet> values, List<SpecError> errors)
    {
        if (values.Count == 0)
        {
            errors.Add(new SpecError(axis.Path, "[]", "at least one value"));
        }

        var first = new Dictionary<ParameterSet, int>();
        for (var i = 0; i < values.Count; i++)
        {
            var item = $"{axis.Path}[{i}]";
            if (values[i].Count == 0)
            {
                errors.Add(new SpecError(item, "{}", $"{axis.Parameter.Allowed}, or a mapping with at least one of {string.Join(", ", axis.Parameter.JointKeys)}"));
                continue;
            }

            var valid = true;
            foreach (var (parameter, value) in values[i])
            {
                if (parameter.Violation(value) is { } allowed)
                {
                    errors.Add(new SpecError(axis.IsPlain(values[i]) ? item : $"{item}.{axis.KeyOf(parameter)}", Shown(value), allowed));
                    valid = false;
                }

                // A joint item overrides a fixed value (schedule.start is the default start of every warmup), but two
                // axes setting one parameter would leave it undecided.
                if (parameter != axis.Parameter && spec.AxisOf(parameter) is not null)
                {
                    var key = axis.KeyOf(parameter);
                    errors.Add(new SpecError($"{item}.{key}", Shown(value), Invariant(
                        $"one axis for {parameter.Name}: the spec also varies it as axes.{parameter.Name} (leave {key} out of the items of {axis.Path}, or remove axes.{parameter.Name} and write {key} in each item)")));
                }
            }

            // A value listed twice would only repeat trials; it is almost always a typo. So is an item that gives the
            // same trials as another once presets and defaults are filled in (fast and {init: ibp, regularizers:
            // tightness+relu}).
            var configuration = valid ? Configuration(spec, axis, values[i]) : values[i];
            if (!first.TryAdd(configuration, i))
            {
                var same = first[configuration];
                var how = values[same].Equals(values[i]) ? string.Empty : $": {SweepExpansion.Describe(axis, values[same])}, once presets and defaults are filled in";
                errors.Add(new SpecError(item, SweepExpansion.Describe(axis, values[i]), $"each value once on an axis (the same as {axis.Path}[{same}]{how})"));
            }
        }

        if (spec.Settings.Contains(axis.Parameter))
        {
            errors.Add(new SpecError(axis.Path, "an axis", $"one place for {axis.Parameter.Name}: the spec also fixes it at the top level (remove one)"));
        }
    }

    /// <summary>What an axis item gives every trial: the values of the parameters the axis decides, with a preset's
    /// components in place of its name and the spec's fixed values or the defaults for what the item leaves out.</summary>
    private static ParameterSet Configuration(SweepSpec spec, SweepAxis axis, ParameterSet item)
    {
        var chosen = PresetParameter.WithComponentsOfEachPreset(spec.Settings.Merge(item));
        return ParameterSet.Of(axis.Configures.Select(p => KeyValuePair.Create(p, chosen.Find(p) ?? p.DefaultFor(chosen) ?? ParameterValue.Null)));
    }

    private static void CheckDistribution(SweepAxis axis, Distribution distribution, bool random, List<SpecError> errors)
    {
        var parameter = axis.Parameter;
        if (!random)
        {
            errors.Add(new SpecError(axis.Path, distribution.KindName, "a list of values under grid search (distributions need search.kind random or tpe)"));
        }

        var integer = parameter is IntParameter;
        if (!parameter.HasDistributions || integer != (distribution.Kind == DistributionKind.IntUniform))
        {
            errors.Add(new SpecError($"{axis.Path}.distribution", distribution.KindName,
                parameter.HasDistributions ? (integer ? "int_uniform for an integer parameter" : "uniform or log_uniform for a real parameter") : $"a list of values ({parameter.Name} has no distributions)"));
            return;
        }

        foreach (var (key, bound) in new[] { ("min", distribution.Min), ("max", distribution.Max) })
        {
            // An integer bound is checked as the integer it rounds to; one outside int32 is out of range as it is
            // (clamping it first would let max: 1e300 pass as int.MaxValue for seed).
            var rounded = Math.Round(bound.Real);
            var value = integer && rounded is >= int.MinValue and <= int.MaxValue ? ParameterValue.Of((int)rounded) : bound;
            if (!double.IsFinite(bound.Real) || parameter.Violation(value) is not null)
            {
                errors.Add(new SpecError($"{axis.Path}.{key}", Shown(bound), parameter.Allowed));
            }
        }

        if (distribution.Min.Real > distribution.Max.Real)
        {
            errors.Add(new SpecError($"{axis.Path}.max", Shown(distribution.Max), $"a value >= min {Shown(distribution.Min)}"));
        }

        if (distribution.Kind == DistributionKind.LogUniform && !(distribution.Min.Real > 0))
        {
            errors.Add(new SpecError($"{axis.Path}.min", Shown(distribution.Min), "a value > 0 for log_uniform"));
        }

        if (integer && Math.Floor(distribution.Max.Real) < Math.Ceiling(distribution.Min.Real))
        {
            errors.Add(new SpecError($"{axis.Path}.max", Shown(distribution.Max), $"an integer range holding at least one integer (min {Shown(distribution.Min)})"));
        }
    }

    private static void CheckSearch(SweepSpec spec, TrialLimit limit, List<SpecError> errors)
    {
        var trials = spec.Settings.Find(Parameters.SearchTrials);
        var kind = spec.Get(Parameters.SearchKind);
        if (!spec.IsTpeSearch && spec.Settings.Find(Parameters.SearchStartup) is { } writtenStartup)
        {
            errors.Add(new SpecError(Parameters.SearchStartup.Name, Shown(writtenStartup), $"nothing under {kind} search (only tpe starts with random trials)"));
        }

        if (spec.DrawsValues)
        {
            if (trials is null || trials.Kind == ValueKind.Null)
            {
                errors.Add(new SpecError(Parameters.SearchTrials.Name, "nothing", Invariant($"an integer from 1 to {limit.Max} for {kind} search")));
            }
            else if (trials.Kind == ValueKind.Integer && trials.Integer > limit.Max)
            {
                errors.Add(new SpecError(Parameters.SearchTrials.Name, Shown(trials), Invariant($"at most {limit.Max} trials (raise the limit with {limit.Setting})")));
            }
            else if (spec.IsTpeSearch && trials.Kind == ValueKind.Integer && trials.Integer < spec.Get(Parameters.SearchStartup))
            {
                var startup = spec.Get(Parameters.SearchStartup);
                var written = spec.Settings.Contains(Parameters.SearchStartup) ? string.Empty : ", the default";
                errors.Add(new SpecError(Parameters.SearchTrials.Name, Shown(trials), Invariant(
                    $"at least search.startup ({startup}{written}) trials for tpe, which draws that many at random before it proposes any (ask for more trials, or a smaller search.startup)")));
            }

            if (spec.IsTpeSearch && !spec.Axes.Any(Varies))
            {
                errors.Add(new SpecError("axes", spec.Axes.Count == 0 ? "nothing" : "only axes of one value",
                    "at least one axis for tpe to search: a list of two or more values, or a distribution with min < max"));
            }

            return;
        }

        if (trials is { Kind: not ValueKind.Null })
        {
            errors.Add(new SpecError(Parameters.SearchTrials.Name, Shown(trials), "nothing under grid search (the grid decides the count)"));
        }

        var size = SweepExpansion.GridSize(spec);
        if (size > limit.Max)
        {
            errors.Add(new SpecError("axes", size == long.MaxValue ? "a grid of more than 9.2e18 trials" : Invariant($"a grid of {size} trials"),
                Invariant($"at most {limit.Max} trials (raise the limit with {limit.Setting}, or shrink an axis)")));
        }
    }

    /// <summary>True when an axis holds more than one value (what a model-based search can choose between).</summary>
    private static bool Varies(SweepAxis axis) => axis.Values is { } values
        ? values.Count > 1
        : axis.Distribution is { } d && (d.Kind == DistributionKind.IntUniform ? Math.Floor(d.Max.Real) > Math.Ceiling(d.Min.Real) : d.Max.Real > d.Min.Real);

    /// <summary>Each objective once; a scheduler compares one of them.</summary>
    private static void CheckObjectives(SweepSpec spec, List<SpecError> errors)
    {
        if (spec.Settings.Find(Parameters.Objectives) is not { } written)
        {
            written = Parameters.Objectives.DefaultFor(spec.Settings)!;
        }

        if (Parameters.Objectives.Violation(written) is not null)
        {
            return;
        }

        var objectives = written.TextList;
        for (var i = 1; i < objectives.Count; i++)
        {
            var first = objectives.ToList().IndexOf(objectives[i]);
            if (first < i)
            {
                errors.Add(new SpecError(Invariant($"{Parameters.Objectives.Name}[{i}]"), Echo.Escape(objectives[i]), Invariant(
                    $"each objective once (the same as {Parameters.Objectives.Name}[{first}])")));
            }
        }

        if (spec.Settings.Find(Parameters.SchedulerMetric) is { Kind: ValueKind.Text } metric && !objectives.Contains(metric.String))
        {
            errors.Add(new SpecError(Parameters.SchedulerMetric.Name, Shown(metric), Invariant(
                $"one of the objectives ({string.Join(", ", objectives)}): the scheduler stops trials by what the sweep minimizes")));
        }
    }

    /// <summary>Where the spec writes the value a trial's problem is about: the axis item that holds it (a preset item
    /// for a component its preset sets), the key that fixes it, or the parameter's name when it is a default.</summary>
    private static string Locate(SweepSpec spec, SpecError error)
    {
        if (Parameters.Find(error.Field) is not { } parameter)
        {
            return error.Field;
        }

        foreach (var axis in spec.Axes)
        {
            if (axis.Values is not { } values)
            {
                continue;
            }

            for (var i = 0; i < values.Count; i++)
            {
                if (values[i].Find(parameter) is { } value && Shown(value) == error.Value)
                {
                    return axis.IsPlain(values[i]) || parameter == axis.Parameter ? $"{axis.Path}[{i}]" : $"{axis.Path}[{i}].{axis.KeyOf(parameter)}";
                }

                // A component a preset item sets (crown-ibp's bound) is written as the preset's name.
                if (axis.Parameter is PresetParameter preset && preset.WithComponents(values[i]).Find(parameter) is { } component
                    && Shown(component) == error.Value)
                {
                    return $"{axis.Path}[{i}]";
                }
            }

            if (axis.Parameter == parameter)
            {
                return axis.Path;
            }
        }

        return parameter.Name;
    }

    private static string Shown(ParameterValue value) => value.Kind == ValueKind.Null ? "null" : Echo.Escape(value.Written);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
