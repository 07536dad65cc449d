using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Sweeps;

/// <summary>
/// A sweep as submitted: the values the spec fixes (trial and sweep parameters, as written) and the axes that vary
/// between trials. Read from YAML or JSON by the client's binder, checked by <see cref="Rules.SweepRules"/> (client
/// and coordinator alike), expanded into trials by <see cref="SweepExpansion"/>.
/// </summary>
public sealed class SweepSpec : IEquatable<SweepSpec>
{
    public SweepSpec(ParameterSet settings, IReadOnlyList<SweepAxis> axes)
    {
        Settings = settings;
        Axes = axes.OrderBy(a => a.Parameter.Order).ToList();
    }

    /// <summary>What the spec fixes, as written; parameters it leaves out take their defaults per trial.</summary>
    public ParameterSet Settings { get; }

    /// <summary>The axes, in declaration order of their parameters (the grid's order).</summary>
    public IReadOnlyList<SweepAxis> Axes { get; }

    public string? Name => Settings.GetOr(Parameters.Name, null!);

    public string Dataset => Get(Parameters.Dataset);

    public int MaxConcurrency => Get(Parameters.MaxConcurrency);

    public int Retries => Get(Parameters.Retries);

    public bool IsRandomSearch => Get(Parameters.SearchKind) == "random";

    /// <summary>TPE: the trials are proposed one at a time while the sweep runs, from the finished trials' results.</summary>
    public bool IsTpeSearch => Get(Parameters.SearchKind) == "tpe";

    /// <summary>Random search and TPE draw values, so their axes may be distributions.</summary>
    public bool DrawsValues => IsRandomSearch || IsTpeSearch;

    /// <summary>What the sweep minimizes, most important first.</summary>
    public IReadOnlyList<string> Objectives => Get(Parameters.Objectives);

    /// <summary>The stopping rule's kind: asha, median, or none (also when the spec has no scheduler).</summary>
    public string SchedulerKind => Settings.Contains(Parameters.SchedulerKind) ? Get(Parameters.SchedulerKind) : "none";

    /// <summary>True when a validation subset of the training set selects (the trials' best epochs, the ranking, the
    /// scheduler and the searcher), and test figures are reported for the selected epochs.</summary>
    public bool SelectsOnValidation => Settings.GetOr(Parameters.SelectionSplit, "test") == "validation";

    /// <summary>A fixed value or sweep setting: as the spec gives it, else its default.</summary>
    public T Get<T>(Parameter<T> parameter) =>
        parameter.ValueOf(Settings.Find(parameter) ?? parameter.DefaultFor(Settings)
            ?? throw new InvalidOperationException($"{parameter.Name} has no value and no default."));

    public SweepAxis? AxisOf(Parameter parameter) => Axes.FirstOrDefault(a => a.Parameter == parameter);

    /// <summary>A spec fixing <paramref name="settings"/> and varying <paramref name="axes"/>.</summary>
    public static SweepSpec Of(IEnumerable<KeyValuePair<Parameter, ParameterValue>> settings, params SweepAxis[] axes) =>
        new(ParameterSet.Of(settings), axes);

    /// <summary>This spec with other fixed values for some parameters.</summary>
    public SweepSpec With(params KeyValuePair<Parameter, ParameterValue>[] settings) => new(Settings.Merge(ParameterSet.Of(settings)), Axes);

    /// <summary>This spec with <paramref name="axis"/> in place of the axis over the same parameter (or added).</summary>
    public SweepSpec With(SweepAxis axis) => new(Settings, Axes.Where(a => a.Parameter != axis.Parameter).Append(axis).ToList());

    /// <summary>What tells this sweep's trials apart in tables: model and method, and every parameter an axis sets
    /// (a joint item's other parameters included; with a joint item, every parameter its axis decides, so a trial of
    /// method components shows all of them and tables can name the preset they match).</summary>
    public IReadOnlyList<Parameter> TableParameters =>
        new Parameter[] { Parameters.Model, Parameters.Method }
            .Concat(Axes.SelectMany(a => a.Values?.SelectMany(v => v.Parameters) ?? [a.Parameter]))
            .Concat(Axes.Where(a => a.Values?.Any(v => !a.IsPlain(v)) == true).SelectMany(a => a.Configures))
            .Distinct()
            .OrderBy(p => p.Order)
            .ToList();

    /// <summary>The values of <see cref="TableParameters"/> that apply to <paramref name="trial"/>.</summary>
    public ParameterSet AxesOf(TrialConfig trial)
    {
        var shown = TableParameters;
        return trial.Values.Where(shown.Contains);
    }

    public bool Equals(SweepSpec? other) => other is not null && other.Settings.Equals(Settings) && other.Axes.SequenceEqual(Axes);

    public override bool Equals(object? obj) => Equals(obj as SweepSpec);

    public override int GetHashCode() => HashCode.Combine(Settings, Axes.Count);
}
