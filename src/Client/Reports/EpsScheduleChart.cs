using System.Globalization;
using ScottPlot;

namespace Certsweep.Client.Reports;

/// <summary>The eps each warmup (start, length) reached at the end of every epoch, from the trials' histories.</summary>
public static class EpsScheduleChart
{
    /// <returns>False when no trial finished an epoch (nothing is written).</returns>
    public static bool Write(SweepReport report, string path)
    {
        var plot = ChartStyle.NewPlot(
            string.Create(CultureInfo.InvariantCulture, $"Eps schedule per warmup (target eps {ReportFormat.Eps(report.Eps)})"),
            "epoch",
            "eps at the end of the epoch (raw pixel units)");
        ChartStyle.EpochAxis(plot);
        var warmups = report.Trials
            .Where(t => t.History.Count > 0)
            .GroupBy(t => (t.Configuration.WarmupLength, t.Configuration.WarmupStart))
            .OrderBy(g => g.Key.WarmupLength)
            .ThenBy(g => g.Key.WarmupStart)
            .ToList();
        if (warmups.Count == 0)
        {
            return false;
        }

        var palette = new ScottPlot.Palettes.Category10();
        var index = 0;
        foreach (var warmup in warmups)
        {
            var longest = warmup.MaxBy(t => t.History.Count)!.History;
            var line = plot.Add.Scatter(
                new[] { 0.0 }.Concat(longest.Select(r => (double)r.Epoch)).ToArray(),
                new[] { 0.0 }.Concat(longest.Select(r => r.Eps)).ToArray(),
                palette.GetColor(index++));
            line.LineWidth = 2.5f;
            line.MarkerSize = 6;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"warmup {warmup.Key.WarmupLength} epochs from epoch {warmup.Key.WarmupStart}");
        }

        if (report.Eps is { } eps)
        {
            var target = plot.Add.HorizontalLine(eps, 1, Colors.Gray, LinePattern.Dashed);
            target.LegendText = "target eps";
        }
        plot.ShowLegend(Alignment.LowerRight);
        ChartStyle.Save(plot, path);
        return true;
    }
}
