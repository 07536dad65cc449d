using ScottPlot;

namespace Certsweep.Client.Reports;

/// <summary>
/// The two warmup regularizer terms (before the lambda weight) per fast configuration during its warmup,
/// mean over seeds: tightness solid, ReLU balance dashed.
/// </summary>
public static class RegularizerChart
{
    /// <returns>False when no epoch has regularizer terms (no fast trial finished a warmup epoch; nothing is written).</returns>
    public static bool Write(SweepReport report, string path)
    {
        var plot = ChartStyle.NewPlot(
            "Warmup regularizers of the fast method (training pass, mean over seeds)",
            "epoch",
            "term value (before the λ weight)");
        ChartStyle.EpochAxis(plot);
        var colors = ChartStyle.ConfigurationColors(report.Trials.Select(t => t.Configuration));
        var withModel = report.Trials.Select(t => t.Model).Distinct().Count() > 1;
        var lines = 0;
        foreach (var group in report.Trials.GroupBy(t => t.Configuration).OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Label, StringComparer.Ordinal))
        {
            lines += EpochMeanLine.Add(plot, group, r => r.TightnessLoss, 1, $"{ChartStyle.Label(group.Key, withModel)}: tightness", colors[group.Key], LinePattern.Solid);
            lines += EpochMeanLine.Add(plot, group, r => r.ReluLoss, 1, $"{ChartStyle.Label(group.Key, withModel)}: ReLU balance", colors[group.Key], LinePattern.Dashed);
        }

        if (lines == 0)
        {
            return false;
        }

        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, plot.Axes.GetDataLimits().Top * 1.1);
        ChartStyle.LegendOnRight(plot);
        ChartStyle.Save(plot, path, ChartStyle.Width + 300, ChartStyle.Height);
        return true;
    }
}
