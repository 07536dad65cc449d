using System.Globalization;
using Certsweep.Training.Bounds;
using Certsweep.Training.Evaluation;

namespace Certsweep.Client.Local;

/// <summary>
/// The per-image file of <c>certsweep eval --per-image FILE</c>: CSV, one row per test image in data set order
/// (<c>index,label,prediction</c>, then per bound kind <c>KIND_certified,KIND_margin</c> with the worst margin lower
/// bound in round-trip notation). CSV rather than JSON Lines because the columns are fixed for a run and the file
/// is meant to be joined with another verifier's output by index (pandas, awk, a spreadsheet).
/// </summary>
public static class PerImageCertificates
{
    public static void Write(string path, CertificationReport report)
    {
        using var writer = new StreamWriter(path);
        var kinds = report.Totals.Select(t => t.Kind).ToList();
        writer.WriteLine(string.Join(',', new[] { "index", "label", "prediction" }.Concat(kinds.SelectMany(k => new[] { $"{k.Name()}_certified", $"{k.Name()}_margin" }))));
        foreach (var image in report.Images)
        {
            var cells = new List<string>
            {
                image.Index.ToString(CultureInfo.InvariantCulture),
                image.Label.ToString(CultureInfo.InvariantCulture),
                image.Prediction.ToString(CultureInfo.InvariantCulture),
            };
            foreach (var bound in image.Bounds)
            {
                cells.Add(bound.Certified ? "1" : "0");
                cells.Add(bound.WorstMarginLower.ToString("R", CultureInfo.InvariantCulture));
            }

            writer.WriteLine(string.Join(',', cells));
        }
    }
}
