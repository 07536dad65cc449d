using System.Globalization;
using ScottPlot;

namespace Certsweep.Client.Reports;

/// <summary>
/// For one model: final-epoch test verified error at the full eps, mean over seeds, on a lambda x warmup
/// grid; fast trials by lambda, vanilla (no lambda) as its own row; every cell annotated.
/// </summary>
public static class VerifiedErrorHeatmap
{
    public const string VanillaRow = "vanilla";

    /// <summary>The grid: row labels (top to bottom), column labels, mean errors as fractions (NaN: no trial reached full eps), seed counts.</summary>
    public sealed record Grid(IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, double[,] Mean, int[,] Count);

    public static Grid Build(IEnumerable<TrialReport> trials)
    {
        var list = trials.ToList();
        var columns = list.Select(t => (t.Configuration.WarmupLength, t.Configuration.WarmupStart)).Distinct().OrderBy(w => w.WarmupLength).ThenBy(w => w.WarmupStart).ToList();
        var rows = new List<string>();
        if (list.Any(t => t.Configuration.IsVanilla))
        {
            rows.Add(VanillaRow);
        }

        var lambdas = list.Where(t => !t.Configuration.IsVanilla).Select(t => t.Configuration.Lambda).Distinct().Order().ToList();
        rows.AddRange(lambdas.Select(l => string.Create(CultureInfo.InvariantCulture, $"fast λ={l}")));
        var mean = new double[rows.Count, columns.Count];
        var count = new int[rows.Count, columns.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var (length, start) = columns[c];
                var cell = list.Where(t => t.Configuration.WarmupLength == length && t.Configuration.WarmupStart == start)
                    .Where(t => r == 0 && rows[0] == VanillaRow ? t.Configuration.IsVanilla : !t.Configuration.IsVanilla && t.Configuration.Lambda == lambdas[r - (rows[0] == VanillaRow ? 1 : 0)])
                    .Select(t => t.FinalAtFullEps?.TestVerifiedError)
                    .OfType<double>()
                    .ToList();
                count[r, c] = cell.Count;
                mean[r, c] = cell.Count == 0 ? double.NaN : cell.Average();
            }
        }

        var columnLabels = columns.Select(w => w.WarmupStart == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{w.WarmupLength} epochs")
            : string.Create(CultureInfo.InvariantCulture, $"{w.WarmupLength} epochs from {w.WarmupStart}")).ToList();
        return new Grid(rows, columnLabels, mean, count);
    }

    /// <returns>False when no trial of the model has a final epoch at full eps (nothing is written).</returns>
    public static bool Write(string model, double? eps, IEnumerable<TrialReport> trials, string path)
    {
        var grid = Build(trials);
        var rows = grid.Rows.Count;
        var columns = grid.Columns.Count;
        if (!grid.Mean.Cast<double>().Any(double.IsFinite))
        {
            return false;
        }

        var percent = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                percent[r, c] = 100 * grid.Mean[r, c];
            }
        }

        var plot = ChartStyle.NewPlot(
            string.Create(CultureInfo.InvariantCulture, $"{model}: final verified error at eps {ReportFormat.Eps(eps)} (%, mean over seeds)"),
            "warmup (eps ramp length)",
            "method and λ");
        var finite = percent.Cast<double>().Where(double.IsFinite).ToList();
        // A colour scale needs a span: one distinct value gets one percentage point either side.
        var range = finite.Max() > finite.Min() ? new ScottPlot.Range(finite.Min(), finite.Max()) : new ScottPlot.Range(finite[0] - 1, finite[0] + 1);
        // The cells are drawn as rectangles (ScottPlot's heatmap draws nothing for a single row or column);
        // the hidden heatmap only carries the colour scale for the colour bar.
        var scale = plot.Add.Heatmap(percent);
        scale.Colormap = new ScottPlot.Colormaps.Viridis();
        scale.ManualRange = range;
        scale.IsVisible = false;
        var colorBar = plot.Add.ColorBar(scale);
        colorBar.Label = "verified error (%)";
        colorBar.LabelStyle.FontSize = 15;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var value = percent[r, c];
                // Row 0 is drawn at the top.
                var top = rows - r;
                var cell = plot.Add.Rectangle(c, c + 1, top - 1, top);
                cell.FillColor = double.IsNaN(value) ? Colors.LightGray : scale.Colormap.GetColor(value, range);
                cell.LineColor = Colors.White;
                cell.LineWidth = 2;
                var text = double.IsNaN(value)
                    ? $"{ReportFormat.Missing}\nno seed at full eps"
                    : string.Create(CultureInfo.InvariantCulture, $"{value:F2} %\n(n={grid.Count[r, c]})");
                var label = plot.Add.Text(text, c + 0.5, top - 0.5);
                label.Alignment = Alignment.MiddleCenter;
                label.LabelFontSize = 16;
                label.LabelBold = true;
                label.LabelFontColor = double.IsNaN(value) || range.Normalize(value) > 0.6 ? Colors.Black : Colors.White;
            }
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(c => c + 0.5).ToArray(), grid.Columns.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => rows - r - 0.5).ToArray(), grid.Rows.ToArray());
        plot.Axes.SetLimits(0, columns, 0, rows);
        plot.HideGrid();
        ChartStyle.Save(plot, path, Math.Max(700, 220 * columns + 350), Math.Max(450, 130 * rows + 200));
        return true;
    }
}
