using ScottPlot;

namespace Certsweep.Client.Reports;

/// <summary>
/// An error (clean or verified) per trial over epochs: one line per trial, coloured by configuration within its
/// method's colour family, dashed or dotted by warmup length; optionally one marked point per trial (a diamond in the
/// trial's colour), such as its best checkpoint certified by CROWN.
/// </summary>
public static class ErrorChart
{
    /// <returns>False when no trial has a value to plot (nothing is written).</returns>
    public static bool Write(
        SweepReport report, string path, string title, string yLabel, Func<EpochRow, double?> error,
        Func<TrialReport, (int Epoch, double Error)?>? point = null)
    {
        var plot = ChartStyle.NewPlot(title, "epoch", yLabel);
        ChartStyle.EpochAxis(plot);
        var colors = ChartStyle.ConfigurationColors(report.Trials.Select(t => t.Configuration));
        var patterns = ChartStyle.WarmupPatterns(report.Trials.Select(t => t.Configuration));
        var withModel = report.Trials.Select(t => t.Model).Distinct().Count() > 1;
        var seeds = report.Trials.GroupBy(t => t.Configuration).ToDictionary(g => g.Key, g => g.Count());
        var labelled = new HashSet<TrialConfiguration>();
        var lines = 0;
        foreach (var trial in report.Trials.OrderBy(t => t.Method, StringComparer.Ordinal).ThenBy(t => t.Model, StringComparer.Ordinal).ThenBy(t => t.Configuration.Label, StringComparer.Ordinal).ThenBy(t => t.Seed))
        {
            var points = trial.History.Where(r => error(r) is not null).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(
                points.Select(r => (double)r.Epoch).ToArray(),
                points.Select(r => 100 * error(r)!.Value).ToArray(),
                colors[trial.Configuration]);
            line.LineWidth = 2;
            line.MarkerSize = 5;
            line.LinePattern = patterns[(trial.Configuration.WarmupLength, trial.Configuration.WarmupStart)];
            if (labelled.Add(trial.Configuration))
            {
                var count = seeds[trial.Configuration];
                line.LegendText = $"{ChartStyle.Label(trial.Configuration, withModel)} ({count} seed{(count == 1 ? string.Empty : "s")})";
            }

            if (point?.Invoke(trial) is { } marked)
            {
                plot.Add.Marker(marked.Epoch, 100 * marked.Error, MarkerShape.FilledDiamond, 12, colors[trial.Configuration]);
            }

            lines++;
        }

        if (lines == 0)
        {
            return false;
        }

        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, Math.Min(100, plot.Axes.GetDataLimits().Top * 1.05 + 1));
        ChartStyle.LegendOnRight(plot);
        ChartStyle.Save(plot, path, ChartStyle.Width + 250, ChartStyle.Height);
        return true;
    }
}
