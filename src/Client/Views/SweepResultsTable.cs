using System.Globalization;
using System.Text;
using Certsweep.Client.Cli;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Views;

/// <summary>
/// A sweep's results, one row per trial, best first: ranked trials by the sweep's objectives at full eps on its
/// selection split (their best epoch's errors; with a validation split, the test errors of that epoch beside them,
/// labelled), then the trials never at full eps by number; each ranked trial's Pareto front over verified and clean
/// error. As a table for the terminal (the axes that vary), as Markdown
/// for documents (every axis) and as CSV for scripts (every field, errors as fractions). The verified errors are
/// IBP's; when a trial's best checkpoint was certified by full CROWN too (<c>final_certify: crown</c>), the verified
/// columns name their verifier and the CROWN figure follows. Where a trial measured the PGD error (spec group pgd), the last measured one follows, an attack's lower bound
/// on the robust error (terminal and Markdown show its column only when some trial has one).
/// </summary>
public static class SweepResultsTable
{
    /// <summary>The CSV columns: rank and ids, one per parameter that tells the sweep's trials apart (named as in spec
    /// files), then state, progress, errors and where the trial ran.</summary>
    public static IReadOnlyList<string> CsvColumns(SweepStatus status) =>
    [
        "rank", "trial_id", "number", .. AxisColumns.Every(status.Trials.Select(t => t.Axes)).Names, "state",
        "epochs_done", "epochs", "front", "selection_split", "best_epoch", "best_clean_error", "best_verified_error", "best_crown_verified_error",
        "best_test_clean_error", "best_test_verified_error", "stop_epoch", "stop_rung", "last_eps", "last_clean_error", "last_verified_error",
        "last_pgd_epoch", "last_pgd_error", "attempts", "failures", "silo", "device", "started_at", "finished_at", "reason",
    ];

    /// <summary>Trials best first, each with its place (null: never at full eps).</summary>
    public static IReadOnlyList<(RankedTrial? Place, TrialStatus Trial)> Ordered(SweepStatus status)
    {
        var places = status.Ranking.ToDictionary(r => r.Number);
        return status.Trials
            .Select(t => (Place: places.GetValueOrDefault(t.Number), Trial: t))
            .OrderBy(t => t.Place?.Rank ?? int.MaxValue)
            .ThenBy(t => t.Trial.Number)
            .ToList();
    }

    /// <summary>The results as a table on the terminal, with a heading naming the sweep, how it stands, what ranks
    /// the trials and the Pareto front.</summary>
    public static void Write(Terminal terminal, SweepStatus status)
    {
        var axes = AxisColumns.Of(status.Trials.Select(t => t.Axes));
        var ranked = status.Ranking.Count;
        terminal.WriteHeading($"results of sweep {status.SweepId}{(status.Name is { Length: > 0 } n ? $" ({n})" : string.Empty)}: {CellFormat.State(status.State)}, " +
            $"{ranked} of {status.Counts.Total} trials ranked by {SelectionText.RankedBy(status)} at {EpsText(status)}");
        terminal.Out.WriteLine(SelectionText.FrontText(status));
        terminal.WriteTable(Headers(axes, status), Rows(status, axes));
        if (status.SelectsOnValidation)
        {
            terminal.Out.WriteLine(SelectionText.ValidationNote);
        }
    }

    /// <summary>The columns; a sweep that selects on a validation split labels its errors <c>val</c> and adds the test
    /// errors of the selected epoch.</summary>
    public static IReadOnlyList<string> Headers(AxisColumns axes, SweepStatus status)
    {
        var crown = HasCrown(status);
        var verified = crown ? "verified (IBP)" : "verified";
        return
        [
            "rank", "#", .. axes.Names, "state", "epochs", "front", "best epoch",
            .. status.SelectsOnValidation ? ["val clean", $"val {verified}", "test clean", $"test {verified}"] : new[] { "clean", verified },
            .. crown ? new[] { status.SelectsOnValidation ? "test verified (CROWN)" : "verified (CROWN)" } : [],
            .. HasPgd(status) ? new[] { "last pgd" } : [], "time",
        ];
    }

    /// <summary>Whether some trial's best checkpoint was certified by CROWN (<c>final_certify: crown</c>), which adds a column.</summary>
    public static bool HasCrown(SweepStatus status) => status.Trials.Any(t => t.FinalCertificate is not null);

    /// <summary>Whether some trial of the sweep measured the PGD error.</summary>
    public static bool HasPgd(SweepStatus status) => status.Trials.Any(t => t.PgdError is not null);

    public static IReadOnlyList<IReadOnlyList<string>> Rows(SweepStatus status, AxisColumns axes)
    {
        var pgd = HasPgd(status);
        var crown = HasCrown(status);
        return Ordered(status).Select(t => (IReadOnlyList<string>)
        [
            t.Place is { } p ? CellFormat.Integer(p.Rank) : CellFormat.Missing, CellFormat.Integer(t.Trial.Number), .. axes.Cells(t.Trial.Axes),
            SweepStatusTable.StateText(t.Trial), string.Create(CultureInfo.InvariantCulture, $"{t.Trial.Epoch}/{t.Trial.Epochs}"),
            t.Place is { } f ? CellFormat.Integer(f.Front) : CellFormat.Missing,
            t.Trial.Best is { } b ? CellFormat.Integer(b.Epoch) : CellFormat.Missing,
            CellFormat.Percent(t.Trial.Best?.CleanError), CellFormat.Percent(t.Trial.Best?.VerifiedError),
            .. status.SelectsOnValidation ? [CellFormat.Percent(t.Trial.Best?.TestCleanError), CellFormat.Percent(t.Trial.Best?.TestVerifiedError)] : Array.Empty<string>(),
            .. crown ? [CellFormat.Percent(t.Trial.FinalCertificate?.CrownVerifiedError)] : Array.Empty<string>(),
            .. pgd ? new[] { PgdCell(t.Trial) } : [],
            CellFormat.Duration(t.Trial.TotalTime()),
        ]).ToList();
    }

    /// <summary>The last measured PGD error and, when that is not the best epoch, the epoch it was measured after.</summary>
    private static string PgdCell(TrialStatus t) => t.PgdError is not { } pgd
        ? CellFormat.Missing
        : t.PgdEpoch == t.Best?.Epoch ? CellFormat.Percent(pgd) : string.Create(CultureInfo.InvariantCulture, $"{CellFormat.Percent(pgd)} (epoch {t.PgdEpoch})");

    public static string Markdown(SweepStatus status)
    {
        var all = AxisColumns.Every(status.Trials.Select(t => t.Axes));
        var headers = Headers(all, status);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Sweep {Escape(status.SweepId)}{(status.Name is { Length: > 0 } n ? $": {Escape(n)}" : string.Empty)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{status.Dataset}, {EpsText(status)}, {CellFormat.State(status.State)}; ranked by {SelectionText.RankedBy(status)} at full eps (the best epoch's errors). {SelectionText.FrontText(status)}.{(HasPgd(status) ? " Last pgd: the last measured PGD error, an attack's lower bound on the robust error." : string.Empty)}");
        md.AppendLine();
        md.AppendLine($"| {string.Join(" | ", headers)} |");
        var numeric = headers.Count - headers.ToList().IndexOf("epochs");
        md.AppendLine($"|{string.Concat(headers.Select((h, i) => i < 2 || i >= headers.Count - numeric ? "---:|" : "---|"))}");
        foreach (var row in Rows(status, all))
        {
            md.AppendLine($"| {string.Join(" | ", row.Select(Escape))} |");
        }

        if (status.SelectsOnValidation)
        {
            md.AppendLine();
            md.AppendLine(SelectionText.ValidationNote);
        }

        return md.ToString();
    }

    public static string Csv(SweepStatus status)
    {
        var csv = new StringBuilder();
        var axes = AxisColumns.Every(status.Trials.Select(t => t.Axes));
        csv.AppendLine(string.Join(',', CsvColumns(status)));
        foreach (var (place, t) in Ordered(status))
        {
            string Fraction(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
            string Moment(DateTimeOffset? value) => value is { } m ? m.ToString("O", CultureInfo.InvariantCulture) : string.Empty;
            string[] fields =
            [
                place?.Rank.ToString(CultureInfo.InvariantCulture) ?? string.Empty, t.TrialId, CellFormat.Integer(t.Number),
                .. axes.Parameters.Select(p => t.Axes.Find(p)?.Written ?? string.Empty), CellFormat.State(t.State), CellFormat.Integer(t.Epoch), CellFormat.Integer(t.Epochs),
                place?.Front.ToString(CultureInfo.InvariantCulture) ?? string.Empty, SelectionText.Split(status.SelectsOnValidation).Split(' ')[0],
                t.Best?.Epoch.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Fraction(t.Best?.CleanError), Fraction(t.Best?.VerifiedError), Fraction(t.FinalCertificate?.CrownVerifiedError),
                Fraction(t.Best?.TestCleanError), Fraction(t.Best?.TestVerifiedError),
                t.Stop?.Epoch.ToString(CultureInfo.InvariantCulture) ?? string.Empty, t.Stop?.Rung?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                t.Epoch > 0 ? Fraction(t.Eps) : string.Empty, Fraction(t.CleanError), Fraction(t.VerifiedError),
                t.PgdEpoch?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Fraction(t.PgdError),
                CellFormat.Integer(t.Attempt), CellFormat.Integer(t.Failures), t.Silo ?? string.Empty, t.Device ?? string.Empty,
                Moment(t.FirstStartedAt ?? t.StartedAt), Moment(t.FinishedAt), t.Divergence?.ToString() ?? t.Reason ?? string.Empty,
            ];
            csv.AppendLine(string.Join(',', fields.Select(CsvField)));
        }

        return csv.ToString();
    }

    /// <summary>The eps the ranking compares at: the sweep's, or each trial's own when eps is an axis.</summary>
    public static string EpsText(SweepStatus status) => status.Eps is { } eps ? $"eps {CellFormat.Number(eps)}" : "each trial's full eps";

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
