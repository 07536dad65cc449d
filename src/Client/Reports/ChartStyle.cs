using ScottPlot;

namespace Certsweep.Client.Reports;

/// <summary>The look shared by every chart certsweep writes: size, fonts, and the method colours.</summary>
public static class ChartStyle
{
    public const int Width = 1000;
    public const int Height = 600;

    /// <summary>Vanilla in warm, fast in cool colours; one shade per configuration of a method.</summary>
    private static readonly Color[] VanillaShades =
    {
        Color.FromHex("#d62728"), Color.FromHex("#ff7f0e"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#bcbd22"),
    };

    private static readonly Color[] FastShades =
    {
        Color.FromHex("#1f77b4"), Color.FromHex("#2ca02c"), Color.FromHex("#17becf"), Color.FromHex("#9467bd"), Color.FromHex("#393b79"),
        Color.FromHex("#6b6ecf"), Color.FromHex("#637939"), Color.FromHex("#3182bd"), Color.FromHex("#31a354"), Color.FromHex("#756bb1"),
    };

    /// <summary>Vanilla IBP (the baseline) in warm colours, every other method in cool ones.</summary>
    public static IReadOnlyList<Color> MethodShades(string method) =>
        method == "vanilla" ? VanillaShades : FastShades;

    public static Color Method(string method, int shade = 0)
    {
        var shades = MethodShades(method);
        return shades[shade % shades.Count];
    }

    /// <summary>Line patterns that tell warmup lengths apart: solid for the shortest, then dashed, dotted.</summary>
    public static IReadOnlyDictionary<(int Length, int Start), LinePattern> WarmupPatterns(IEnumerable<TrialConfiguration> configurations)
    {
        var patterns = new[] { LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed };
        return configurations
            .Select(c => (c.WarmupLength, c.WarmupStart))
            .Distinct()
            .OrderBy(w => w.WarmupLength)
            .ThenBy(w => w.WarmupStart)
            .Select((w, index) => (w, patterns[index % patterns.Length]))
            .ToDictionary(p => p.w, p => p.Item2);
    }

    /// <summary>A configuration's legend label, naming the model only when the sweep has more than one.</summary>
    public static string Label(TrialConfiguration configuration, bool withModel) =>
        withModel ? $"{configuration.Model}: {configuration.Label}" : configuration.Label;

    /// <summary>A colour per configuration: its method's family, one shade per configuration in label order (counted
    /// across the methods of a family, so that methods of component sets, one configuration each, differ too).</summary>
    public static IReadOnlyDictionary<TrialConfiguration, Color> ConfigurationColors(IEnumerable<TrialConfiguration> configurations)
    {
        var colors = new Dictionary<TrialConfiguration, Color>();
        var shades = new Dictionary<IReadOnlyList<Color>, int>(ReferenceEqualityComparer.Instance);
        foreach (var group in configurations.Distinct().GroupBy(c => c.Method).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var family = MethodShades(group.Key);
            var shade = shades.GetValueOrDefault(family);
            foreach (var configuration in group.OrderBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.Lambda).ThenBy(c => c.WarmupLength).ThenBy(c => c.WarmupStart)
                .ThenBy(c => c.Label, StringComparer.Ordinal))
            {
                colors[configuration] = Method(group.Key, shade++);
            }

            shades[family] = shade;
        }

        return colors;
    }

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, 20);
        plot.XLabel(xLabel, 16);
        plot.YLabel(yLabel, 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Legend.FontSize = 13;
        plot.Legend.SymbolWidth = 44;
        return plot;
    }

    /// <summary>Whole epochs on the x axis.</summary>
    public static void EpochAxis(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>A legend to the right of the data area, where it hides no line.</summary>
    public static void LegendOnRight(Plot plot)
    {
        plot.ShowLegend(Edge.Right);
    }

    /// <summary>Shows a log10-transformed y axis with labels in the original units and minor ticks per decade.</summary>
    public static void LogScaleY(Plot plot)
    {
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = DecadeLabel,
        };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
    }

    /// <summary>The label of a decade tick: plain numbers from 0.001 to 1000, <c>1e-5</c> style beyond.</summary>
    private static string DecadeLabel(double exponent)
    {
        var k = (int)Math.Round(exponent);
        return Math.Abs(k) <= 3
            ? Math.Pow(10, k).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)
            : $"1e{k}";
    }

    public static void Save(Plot plot, string path, int width = Width, int height = Height) => plot.SavePng(path, width, height);
}
