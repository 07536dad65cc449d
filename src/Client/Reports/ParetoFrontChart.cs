using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps.Ranking;
using ScottPlot;

namespace Certsweep.Client.Reports;

/// <summary>
/// Clean against verified error (IBP), one point per trial that reached the full eps, at its selected epoch on the
/// sweep's selection split; points coloured by configuration and labelled with their trial number. The Pareto front
/// (the trials no other is at least as good as on both errors and better than on one, <see cref="ParetoRanking"/>)
/// is ringed and joined by a step line, the edge of the region its trials dominate.
/// </summary>
public static class ParetoFrontChart
{
    /// <summary>Trials a front needs: with fewer there is no trade-off to draw.</summary>
    public const int MinimumTrials = 2;

    /// <summary>A trial that reached the full eps, at its selected epoch (<see cref="TrialReport.Best"/>).</summary>
    /// <param name="Front">Its Pareto front over verified and clean error: 1 when no other trial dominates it.</param>
    public sealed record Point(TrialReport Trial, EpochRow Epoch, int Front)
    {
        public double CleanError => Epoch.SelectionCleanError;

        public double VerifiedError => Epoch.SelectionVerifiedError!.Value;

        public bool OnFront => Front == 1;
    }

    /// <summary>Every trial with a selected epoch, by clean error, then verified error, then trial number (along the front,
    /// from its lowest clean error to its lowest verified error).</summary>
    public static IReadOnlyList<Point> Build(IEnumerable<TrialReport> trials)
    {
        var reached = trials.Select(t => (Trial: t, Epoch: t.Best)).Where(p => p.Epoch is not null).ToList();
        var places = ParetoRanking.Rank(reached
            .Select((p, index) => new ParetoCandidate(index, [p.Epoch!.SelectionVerifiedError!.Value, p.Epoch.SelectionCleanError]))
            .ToList());
        var fronts = places.ToDictionary(p => p.Trial, p => p.Front);
        return reached.Select((p, index) => new Point(p.Trial, p.Epoch!, fronts[index]))
            .OrderBy(p => p.CleanError)
            .ThenBy(p => p.VerifiedError)
            .ThenBy(p => p.Trial.Number)
            .ToList();
    }

    public static string Title(bool onValidation) => $"Clean vs verified error (IBP) on the {SelectionText.Split(onValidation)}: the Pareto front";

    public static string CleanAxis(bool onValidation) => $"clean error on the {SelectionText.Split(onValidation)} (%)";

    public static string VerifiedAxis(bool onValidation) => $"verified error (IBP) on the {SelectionText.Split(onValidation)} (%)";

    /// <returns>False when fewer than <see cref="MinimumTrials"/> trials reached the full eps (nothing is written).</returns>
    public static bool Write(SweepReport report, string path)
    {
        var points = Build(report.Trials);
        if (points.Count < MinimumTrials)
        {
            return false;
        }

        var validation = report.SelectsOnValidation;
        var plot = ChartStyle.NewPlot(Title(validation), CleanAxis(validation), VerifiedAxis(validation));
        var front = points.Where(p => p.OnFront).ToList();
        var step = StepLine(front);
        var line = plot.Add.Scatter(step.Select(s => s.Clean).ToArray(), step.Select(s => s.Verified).ToArray(), Colors.Black);
        line.LineWidth = 2;
        line.MarkerSize = 0;
        line.LegendText = "Pareto front";

        var colors = ChartStyle.ConfigurationColors(points.Select(p => p.Trial.Configuration));
        var withModel = points.Select(p => p.Trial.Model).Distinct().Count() > 1;
        foreach (var group in points.GroupBy(p => p.Trial.Configuration).OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Label, StringComparer.Ordinal))
        {
            var markers = plot.Add.ScatterPoints(group.Select(p => 100 * p.CleanError).ToArray(), group.Select(p => 100 * p.VerifiedError).ToArray(), colors[group.Key]);
            markers.MarkerShape = MarkerShape.FilledCircle;
            markers.MarkerSize = 11;
            markers.LegendText = ChartStyle.Label(group.Key, withModel);
        }

        var rings = plot.Add.ScatterPoints(front.Select(p => 100 * p.CleanError).ToArray(), front.Select(p => 100 * p.VerifiedError).ToArray(), Colors.Black);
        rings.MarkerShape = MarkerShape.OpenCircle;
        rings.MarkerSize = 20;
        rings.MarkerLineWidth = 2;
        rings.LegendText = "on the front";

        // Trials with the same errors share one label ("4, 5"), which would otherwise be drawn over each other.
        foreach (var place in points.GroupBy(p => (p.CleanError, p.VerifiedError)))
        {
            var numbers = string.Join(", ", place.Select(p => p.Trial.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var label = plot.Add.Text(numbers, 100 * place.Key.CleanError, 100 * place.Key.VerifiedError);
            label.Alignment = Alignment.LowerLeft;
            label.OffsetX = 8;
            label.OffsetY = -8;
            label.LabelFontSize = 14;
            label.LabelBold = place.First().OnFront;
        }

        plot.Axes.AutoScale();
        plot.Axes.Margins(0.12, 0.12);
        ChartStyle.LegendOnRight(plot);
        ChartStyle.Save(plot, path, ChartStyle.Width + 250, ChartStyle.Height);
        return true;
    }

    /// <summary>The front's corners in percent: from each point across to the next one's clean error, then down to it.</summary>
    private static List<(double Clean, double Verified)> StepLine(IReadOnlyList<Point> front)
    {
        var corners = new List<(double Clean, double Verified)>();
        for (var i = 0; i < front.Count; i++)
        {
            if (i > 0)
            {
                corners.Add((100 * front[i].CleanError, 100 * front[i - 1].VerifiedError));
            }

            corners.Add((100 * front[i].CleanError, 100 * front[i].VerifiedError));
        }

        return corners;
    }
}
