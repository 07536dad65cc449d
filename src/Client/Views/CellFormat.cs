using System.Globalization;

namespace Certsweep.Client.Views;

/// <summary>How values appear in the CLI's tables and lines: errors as percentages, eps and lambda as short
/// numbers, durations as <c>1h02m</c>/<c>3m05s</c>/<c>42s</c>, local clock times, <c>-</c> for missing values.</summary>
public static class CellFormat
{
    public const string Missing = "-";

    public static string Percent(double? fraction) =>
        fraction is { } f && double.IsFinite(f) ? (100 * f).ToString("F2", CultureInfo.InvariantCulture) + "%" : Missing;

    public static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Eps to five decimals (<c>0.01805</c>, <c>0.1</c>); the ramp's first values round to <c>0</c>.</summary>
    public static string Eps(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);

    public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string State<T>(T state)
        where T : struct, Enum => state.ToString().ToLowerInvariant();

    public static string Duration(TimeSpan? span)
    {
        if (span is not { } s || s < TimeSpan.Zero)
        {
            return Missing;
        }

        return s.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)s.TotalHours}h{s.Minutes:D2}m")
            : s.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{s.Minutes}m{s.Seconds:D2}s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)Math.Round(s.TotalSeconds))}s");
    }

    /// <summary>A moment as local date and time to the second, e.g. <c>2025-03-01 14:02:07</c>.</summary>
    public static string Moment(DateTimeOffset? moment) =>
        moment is { } m && m != default ? m.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : Missing;

    /// <summary>Where a trial runs or ran: <c>silo/device</c>.</summary>
    public static string Place(string? silo, string? device) =>
        silo is null ? Missing : device is null ? silo : $"{silo}/{device}";
}
