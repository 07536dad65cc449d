using ScottPlot;

namespace Certsweep.Client.Reports;

/// <summary>
/// Stably active and stably inactive ReLU shares over epochs (training pass), mean over the trials of each
/// method: the paper's claim (b), vanilla ends with many more inactive than active ReLUs.
/// </summary>
public static class ReluShareChart
{
    /// <returns>False when no epoch has ReLU shares (nothing is written).</returns>
    public static bool Write(SweepReport report, string path)
    {
        var plot = ChartStyle.NewPlot(
            "ReLU states during training (mean over each method's trials)",
            "epoch",
            "share of ReLU neurons (%)");
        ChartStyle.EpochAxis(plot);
        var lines = 0;
        foreach (var method in report.Trials.Select(t => t.Method).Distinct().Order(StringComparer.Ordinal))
        {
            var trials = report.Trials.Where(t => t.Method == method).ToList();
            lines += EpochMeanLine.Add(plot, trials, r => r.ActiveReluShare, 100, $"{method}: active (l > 0)", ChartStyle.Method(method), LinePattern.Solid, MarkerShape.FilledCircle);
            lines += EpochMeanLine.Add(plot, trials, r => r.InactiveReluShare, 100, $"{method}: inactive (u < 0)", ChartStyle.Method(method), LinePattern.Dashed, MarkerShape.OpenCircle);
        }

        if (lines == 0)
        {
            return false;
        }

        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, 100);
        ChartStyle.LegendOnRight(plot);
        ChartStyle.Save(plot, path, ChartStyle.Width + 200, ChartStyle.Height);
        return true;
    }

}
