using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Views;

/// <summary>
/// The axis columns of a sweep's tables, from the values that tell its trials apart (<c>TrialStatus.Axes</c>): only
/// the parameters whose values differ between its trials (a sweep over lambda and seed shows those two), or the
/// first two (model and method) when nothing varies. A parameter that does not apply to a trial (vanilla's lambda)
/// shows as <c>-</c>. Values appear as the spec wrote them.
/// </summary>
public sealed class AxisColumns
{
    private readonly IReadOnlyList<Parameter> _shown;

    private AxisColumns(IReadOnlyList<Parameter> shown) => _shown = shown;

    public IReadOnlyList<string> Names => _shown.Select(p => p.Name).ToList();

    public IReadOnlyList<Parameter> Parameters => _shown;

    public static AxisColumns Of(IEnumerable<ParameterSet> trials)
    {
        var list = trials.ToList();
        var every = Present(list);
        var varying = every.Where(p => list.Select(t => Cell(t, p)).Distinct(StringComparer.Ordinal).Count() > 1).ToList();
        return new AxisColumns(varying.Count > 0 ? varying : every.Take(2).ToList());
    }

    /// <summary>Every parameter any trial shows, for documents that must stand alone.</summary>
    public static AxisColumns Every(IEnumerable<ParameterSet> trials) => new(Present(trials.ToList()));

    public IReadOnlyList<string> Cells(ParameterSet axes) => _shown.Select(p => Cell(axes, p)).ToList();

    /// <summary>Every value as <c>name=value</c>, for one-line descriptions.</summary>
    public static string Describe(ParameterSet axes) => axes.ToString();

    /// <summary>A value as written; a trial of method components without a preset name (an axis item
    /// <c>{init: ibp, bn: mean}</c>) shows in the method column as the preset they match, else as its components.</summary>
    public static string Cell(ParameterSet axes, Parameter parameter) =>
        axes.Find(parameter) is { } value ? Echo.Escape(value.Written)
        : parameter is PresetParameter preset && preset.JointWith?.Values.All(axes.Contains) == true ? Echo.Escape(preset.Label(axes))
        : CellFormat.Missing;

    private static List<Parameter> Present(List<ParameterSet> trials) =>
        trials.SelectMany(t => t.Parameters).Distinct().OrderBy(p => p.Order).ToList();
}
