using Certsweep.Client.Reports;
using Certsweep.Training.Probes;
using ScottPlot;

namespace Certsweep.Client.Local;

/// <summary>The probe's plot: mean bound radius against layer depth, log scale, standard vs IBP init.</summary>
public static class BoundWidthChart
{
    public static void Write(BoundWidthProfile profile, string path)
    {
        var plot = ChartStyle.NewPlot(
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Bound width at initialization: {profile.Model} on {profile.Dataset}, eps {profile.Eps}, seed {profile.Seed}\n{BatchNormNote(profile)}"),
            "layer (depth: index and kind)",
            "mean interval radius (input units, log scale)");
        ChartStyle.LogScaleY(plot);
        var depths = new[] { 0.0 }.Concat(profile.Layers.Select(l => (double)l.Depth)).ToArray();
        AddLine(plot, depths, profile.InputRadius, profile.Layers.Select(l => l.StandardRadius), "standard (default) init", ChartStyle.Method("vanilla"), MarkerShape.FilledCircle);
        AddLine(plot, depths, profile.InputRadius, profile.Layers.Select(l => l.IbpRadius), "IBP init", ChartStyle.Method("fast"), MarkerShape.FilledSquare);
        var input = plot.Add.HorizontalLine(Math.Log10(profile.InputRadius), 1, Colors.Gray, LinePattern.Dotted);
        input.LegendText = "input radius";
        var labels = new[] { "input" }.Concat(profile.Layers.Select(l => $"{l.Depth} {(l.IsClassifier ? "logits" : l.Kind)}")).ToArray();
        plot.Axes.Bottom.SetTicks(depths, labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 120;
        plot.ShowLegend(Alignment.UpperLeft);
        ChartStyle.Save(plot, path, ChartStyle.Width, ChartStyle.Height + 100);
    }

    private static string BatchNormNote(BoundWidthProfile profile) => profile.BatchNorm == BatchNormStatistics.Batch
        ? $"BatchNorm with the statistics of the probe batch ({profile.Samples} images)"
        : "BatchNorm with running statistics (the identity at initialization)";

    private static void AddLine(Plot plot, double[] depths, double inputRadius, IEnumerable<double> radii, string label, Color color, MarkerShape marker)
    {
        var ys = new[] { inputRadius }.Concat(radii).Select(Math.Log10).ToArray();
        var line = plot.Add.Scatter(depths, ys, color);
        line.LegendText = label;
        line.LineWidth = 2.5f;
        line.MarkerSize = 8;
        line.MarkerShape = marker;
    }
}
