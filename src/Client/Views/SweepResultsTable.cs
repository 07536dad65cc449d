using System.Globalization;
using System.Text;
using Certsweep.Client.Cli;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Views;

/// <summary>
/// A sweep's results, one row per trial, best first: ranked trials by verified error at full eps (their best
/// epoch's test errors), then the trials never at full eps by number. As a table for the terminal (the axes that
/// vary), as Markdown for documents (every axis) and as CSV for scripts (every field, errors as fractions).
/// </summary>
public static class SweepResultsTable
{
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "rank", "trial_id", "number", "model", "method", "lambda", "warmup_length", "warmup_start", "seed", "state",
        "epochs_done", "epochs", "best_epoch", "best_clean_error", "best_verified_error", "last_eps", "last_clean_error", "last_verified_error",
        "attempts", "failures", "silo", "device", "started_at", "finished_at", "reason",
    ];

    /// <summary>Trials best first, each with its rank (null: never at full eps).</summary>
    public static IReadOnlyList<(int? Rank, TrialStatus Trial)> Ordered(SweepStatus status)
    {
        var ranks = status.Ranking.ToDictionary(r => r.Number, r => r.Rank);
        return status.Trials
            .Select(t => (Rank: ranks.TryGetValue(t.Number, out var rank) ? rank : (int?)null, Trial: t))
            .OrderBy(t => t.Rank ?? int.MaxValue)
            .ThenBy(t => t.Trial.Number)
            .ToList();
    }

    /// <summary>The results as a table on the terminal, with a heading naming the sweep and how it stands.</summary>
    public static void Write(Terminal terminal, SweepStatus status)
    {
        var axes = AxisColumns.Of(status.Trials.Select(t => t.Axes));
        var ranked = status.Ranking.Count;
        terminal.WriteHeading($"results of sweep {status.SweepId}{(status.Name is { Length: > 0 } n ? $" ({n})" : string.Empty)}: {CellFormat.State(status.State)}, " +
            $"{ranked} of {status.Counts.Total} trials ranked by test verified error at eps {CellFormat.Number(status.Eps)}");
        terminal.WriteTable(Headers(axes), Rows(status, axes));
    }

    public static IReadOnlyList<string> Headers(AxisColumns axes) =>
        ["rank", "#", .. axes.Names, "state", "epochs", "best epoch", "clean", "verified", "time"];

    public static IReadOnlyList<IReadOnlyList<string>> Rows(SweepStatus status, AxisColumns axes) =>
        Ordered(status).Select(t => (IReadOnlyList<string>)
        [
            t.Rank is { } r ? CellFormat.Integer(r) : CellFormat.Missing, CellFormat.Integer(t.Trial.Number), .. axes.Cells(t.Trial.Axes),
            SweepStatusTable.StateText(t.Trial), string.Create(CultureInfo.InvariantCulture, $"{t.Trial.Epoch}/{t.Trial.Epochs}"),
            t.Trial.Best is { } b ? CellFormat.Integer(b.Epoch) : CellFormat.Missing,
            CellFormat.Percent(t.Trial.Best?.CleanError), CellFormat.Percent(t.Trial.Best?.VerifiedError),
            CellFormat.Duration(t.Trial.StartedAt is { } s ? (t.Trial.FinishedAt ?? t.Trial.UpdatedAt) - s : null),
        ]).ToList();

    public static string Markdown(SweepStatus status)
    {
        var all = AxisColumns.Every;
        var headers = Headers(all);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Sweep {Escape(status.SweepId)}{(status.Name is { Length: > 0 } n ? $": {Escape(n)}" : string.Empty)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{status.Dataset}, eps {CellFormat.Number(status.Eps)}, {CellFormat.State(status.State)}; ranked by test verified error at full eps (the best epoch's errors).");
        md.AppendLine();
        md.AppendLine($"| {string.Join(" | ", headers)} |");
        md.AppendLine($"|{string.Concat(headers.Select((h, i) => i < 2 || i >= headers.Count - 5 ? "---:|" : "---|"))}");
        foreach (var row in Rows(status, all))
        {
            md.AppendLine($"| {string.Join(" | ", row.Select(Escape))} |");
        }

        return md.ToString();
    }

    public static string Csv(SweepStatus status)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', CsvColumns));
        foreach (var (rank, t) in Ordered(status))
        {
            string Fraction(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
            string Moment(DateTimeOffset? value) => value is { } m ? m.ToString("O", CultureInfo.InvariantCulture) : string.Empty;
            var fields = new[]
            {
                rank?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, t.TrialId, CellFormat.Integer(t.Number), t.Axes.Model, CellFormat.Method(t.Axes.Method),
                t.Axes.Lambda.ToString("R", CultureInfo.InvariantCulture), CellFormat.Integer(t.Axes.WarmupLength), CellFormat.Integer(t.Axes.WarmupStart),
                CellFormat.Integer(t.Axes.Seed), CellFormat.State(t.State), CellFormat.Integer(t.Epoch), CellFormat.Integer(t.Epochs),
                t.Best?.Epoch.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Fraction(t.Best?.CleanError), Fraction(t.Best?.VerifiedError),
                t.Epoch > 0 ? Fraction(t.Eps) : string.Empty, Fraction(t.CleanError), Fraction(t.VerifiedError),
                CellFormat.Integer(t.Attempt), CellFormat.Integer(t.Failures), t.Silo ?? string.Empty, t.Device ?? string.Empty,
                Moment(t.StartedAt), Moment(t.FinishedAt), t.Divergence?.ToString() ?? t.Reason ?? string.Empty,
            };
            csv.AppendLine(string.Join(',', fields.Select(CsvField)));
        }

        return csv.ToString();
    }

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
