using System.Globalization;
using System.Text;
using Certsweep.Training.Probes;

namespace Certsweep.Client.Local;

/// <summary>The probe's table as Markdown: one row per layer, then a summary of the spreads.</summary>
public static class BoundWidthTable
{
    public static string ToMarkdown(BoundWidthProfile profile)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant(
            $"Bound width at initialization: `{profile.Model}` on `{profile.Dataset}`, eps {profile.Eps} (raw pixels), seed {profile.Seed}, the first {profile.Samples} training images."));
        text.AppendLine();
        text.AppendLine($"{profile.BatchNormDescription}. Mean radius = mean of `(u - l) / 2` over the batch and every unit of the layer's output; the input box's is {Number(profile.InputRadius)}.");
        text.AppendLine();
        text.AppendLine("| # | layer | kind | output shape | mean radius, standard init | mean radius, IBP init | ratio to input, standard | ratio to input, IBP |");
        text.AppendLine("|---:|---|---|---|---:|---:|---:|---:|");
        foreach (var l in profile.Layers)
        {
            var kind = l.IsClassifier ? $"{l.Kind} (classifier, logits)" : l.Kind;
            text.AppendLine(Invariant(
                $"| {l.Depth} | `{l.Name}` | {kind} | {string.Join("x", l.OutputShape)} | {Number(l.StandardRadius)} | {Number(l.IbpRadius)} | {Number(l.StandardRatio)} | {Number(l.IbpRatio)} |"));
        }

        text.AppendLine();
        text.AppendLine(
            $"Hidden layers (all but the classifier): largest/smallest ratio {Number(profile.StandardSpread)} standard, {Number(profile.IbpSpread)} IBP; " +
            $"after the last hidden layer {Number(profile.StandardGrowth)}x the input width standard, {Number(profile.IbpGrowth)}x IBP. " +
            "IBP initialization leaves the classifier's default weights (docs/method.md §4.1).");
        return text.ToString();
    }

    /// <summary>About four significant digits; exponent notation below 0.001 and from 100,000.</summary>
    public static string Number(double value) => Math.Abs(value) switch
    {
        0 => "0",
        >= 1e5 or < 1e-3 => value.ToString("0.000e+0", CultureInfo.InvariantCulture),
        >= 1e3 => value.ToString("F0", CultureInfo.InvariantCulture),
        _ => value.ToString("G4", CultureInfo.InvariantCulture),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
