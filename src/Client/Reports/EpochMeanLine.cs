using ScottPlot;

namespace Certsweep.Client.Reports;

/// <summary>A line of one per-epoch value, averaged at each epoch over the trials that have it.</summary>
public static class EpochMeanLine
{
    /// <param name="scale">Multiplies every mean (100 for shares plotted as percent).</param>
    /// <param name="marker">The marker shape; ScottPlot's default when null.</param>
    /// <returns>1 when a line was added, 0 when no trial has the value at any epoch.</returns>
    public static int Add(
        Plot plot, IEnumerable<TrialReport> trials, Func<EpochRow, double?> value, double scale,
        string label, Color color, LinePattern pattern, MarkerShape? marker = null)
    {
        var means = trials
            .SelectMany(t => t.History)
            .Where(r => value(r) is not null)
            .GroupBy(r => r.Epoch)
            .OrderBy(g => g.Key)
            .Select(g => (Epoch: (double)g.Key, Mean: scale * g.Average(r => value(r)!.Value)))
            .ToList();
        if (means.Count == 0)
        {
            return 0;
        }

        var line = plot.Add.Scatter(means.Select(m => m.Epoch).ToArray(), means.Select(m => m.Mean).ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 2.5f;
        line.LinePattern = pattern;
        if (marker is { } shape)
        {
            line.MarkerShape = shape;
        }

        line.MarkerSize = 7;
        return 1;
    }
}
