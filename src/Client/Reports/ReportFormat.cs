using System.Globalization;

namespace Certsweep.Client.Reports;

/// <summary>How numbers appear in reports: fractions as percentages, missing values as an em dash.</summary>
public static class ReportFormat
{
    public const string Missing = "—";

    /// <summary>A fraction in [0, 1] as a percentage with two decimals, e.g. <c>12.34 %</c>.</summary>
    public static string Percent(double? fraction) =>
        fraction is { } f ? (100 * f).ToString("F2", CultureInfo.InvariantCulture) + " %" : Missing;

    /// <summary>Mean ± sample standard deviation of fractions in percentage points, e.g. <c>12.34 ± 0.56 %</c>.</summary>
    public static string MeanAndDeviation(SampleStatistics? statistics) => statistics switch
    {
        null => Missing,
        { StandardDeviation: { } deviation } => string.Create(CultureInfo.InvariantCulture, $"{100 * statistics.Mean:F2} ± {100 * deviation:F2} %"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{100 * statistics.Mean:F2} %"),
    };

    public static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The sweep's eps as a number in raw pixel units, or "each trial's" when eps is an axis.</summary>
    public static string Eps(double? eps) => eps is { } e ? e.ToString(CultureInfo.InvariantCulture) : "each trial's";
}
