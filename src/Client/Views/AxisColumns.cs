using Certsweep.Contracts;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Views;

/// <summary>
/// The axis columns of a sweep's tables: only the axes whose values differ between its trials (a sweep over
/// lambda and seed shows those two), or model and method when nothing varies. Vanilla trials show no lambda.
/// </summary>
public sealed class AxisColumns
{
    private static readonly (string Name, Func<TrialAxes, string> Cell)[] Axes =
    [
        ("model", a => a.Model),
        ("method", a => CellFormat.Method(a.Method)),
        ("lambda", a => a.Method == MethodKind.Vanilla ? CellFormat.Missing : CellFormat.Number(a.Lambda)),
        ("warmup", a => CellFormat.Warmup(a.WarmupLength, a.WarmupStart)),
        ("seed", a => CellFormat.Integer(a.Seed)),
    ];

    private readonly IReadOnlyList<(string Name, Func<TrialAxes, string> Cell)> _shown;

    private AxisColumns(IReadOnlyList<(string Name, Func<TrialAxes, string> Cell)> shown) => _shown = shown;

    /// <summary>Every axis, for documents that must stand alone.</summary>
    public static AxisColumns Every { get; } = new(Axes);

    public IReadOnlyList<string> Names => _shown.Select(c => c.Name).ToList();

    public static AxisColumns Of(IEnumerable<TrialAxes> trials)
    {
        var list = trials.ToList();
        var varying = Axes.Where(c => list.Select(c.Cell).Distinct(StringComparer.Ordinal).Count() > 1).ToList();
        return new AxisColumns(varying.Count > 0 ? varying : Axes.Take(2).ToList());
    }

    public IReadOnlyList<string> Cells(TrialAxes axes) => _shown.Select(c => c.Cell(axes)).ToList();

    /// <summary>Every axis as <c>name=value</c>, for one-line descriptions.</summary>
    public static string Describe(TrialAxes axes) => string.Join(' ', Axes.Select(c => $"{c.Name}={c.Cell(axes)}"));
}
