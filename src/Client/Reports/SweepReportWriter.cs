using System.Globalization;
using System.Text;
using Certsweep.Client.Views;
using Certsweep.Hyperparameters;

namespace Certsweep.Client.Reports;

/// <summary>
/// Writes a sweep's report into a directory: <c>report.md</c> (settings, ranked trials, configurations with
/// mean ± std over seeds, the Pareto front over clean and verified error) and the PNG plots it links (clean vs verified
/// error with the front, errors over epochs, eps schedule, lambda x warmup heatmaps, ReLU states, warmup regularizers;
/// PGD error over epochs where a trial measured it). Every section is
/// present; one without data says so. Every verified error is IBP's and says so; the PGD error is an attack's figure.
/// Each trial's best epoch and the ranking of trials and configurations come from the sweep's selection split; on a
/// validation split the tables show its errors (labelled val) beside the test errors of the best epochs, labelled so.
/// </summary>
public static class SweepReportWriter
{
    public const string MarkdownFile = "report.md";
    public const string VerifiedErrorPlot = "verified-error.png";
    public const string CleanErrorPlot = "clean-error.png";
    public const string PgdErrorPlot = "pgd-error.png";
    public const string EpsSchedulePlot = "eps-schedule.png";
    public const string ReluStatesPlot = "relu-states.png";
    public const string RegularizersPlot = "regularizers.png";
    public const string ParetoFrontPlot = "pareto-front.png";
    public const string ParetoFrontHeading = "## Clean vs verified error: the Pareto front";

    public static string HeatmapPlot(string model) =>
        "heatmap-" + new string(model.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray()) + ".png";

    public static RenderedReport Write(SweepReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var plots = new List<string>();
        var md = new StringBuilder();
        bool Plot(string file, Func<string, bool> write)
        {
            var path = Path.Combine(directory, file);
            if (!write(path))
            {
                return false;
            }

            plots.Add(path);
            return true;
        }

        WriteHeader(md, report);
        WriteTrials(md, report);
        WriteConfigurations(md, report);
        WriteParetoFront(md, report, Plot(ParetoFrontPlot, path => ParetoFrontChart.Write(report, path)));

        md.AppendLine("## Error over epochs");
        md.AppendLine();
        md.AppendLine("Test errors after every epoch, one line per trial, coloured by configuration (vanilla in warm colours, fast in cool ones), solid, dashed or dotted by warmup length. " +
                      "The verified error is at that epoch's eps: during the warmup it is measured against a smaller ball than the target.");
        md.AppendLine();
        if (report.Trials.Any(t => t.Crown is not null))
        {
            md.AppendLine("Diamonds: a trial's best checkpoint certified by full CROWN at the full eps (final_certify: crown), at its epoch.");
            md.AppendLine();
        }

        AppendPlot(md, Plot(VerifiedErrorPlot, path => ErrorChart.Write(report, path,
                "Test verified error (IBP) per trial (at each epoch's eps)", "verified error, IBP (%)", r => r.TestVerifiedError,
                t => t.Crown is { } c ? (c.Epoch, c.CrownVerifiedError) : null)),
            VerifiedErrorPlot, "Test verified error per trial over epochs", "no epoch computed bounds");
        AppendPlot(md, Plot(CleanErrorPlot, path => ErrorChart.Write(report, path,
                "Test clean error per trial", "clean error (%)", r => r.TestCleanError)),
            CleanErrorPlot, "Test clean error per trial over epochs", "no trial finished an epoch");
        if (report.Trials.Any(t => t.History.Any(r => r.PgdError is not null)))
        {
            md.AppendLine("PGD error: test samples misclassified clean or at a point a PGD attack found in their eps ball, at that epoch's eps, in the epochs that measured it. " +
                          "An attack's figure, a lower bound on the robust error, where the IBP-verified error is an upper bound.");
            md.AppendLine();
            AppendPlot(md, Plot(PgdErrorPlot, path => ErrorChart.Write(report, path,
                    "Test PGD error per trial (at each epoch's eps)", "PGD error (%)", r => r.PgdError)),
                PgdErrorPlot, "Test PGD error per trial over epochs", "no epoch measured the PGD error");
        }

        md.AppendLine("## Eps schedule");
        md.AppendLine();
        AppendPlot(md, Plot(EpsSchedulePlot, path => EpsScheduleChart.Write(report, path)),
            EpsSchedulePlot, "Eps at the end of every epoch per warmup", "no trial finished an epoch");

        md.AppendLine("## Final verified error by λ and warmup");
        md.AppendLine();
        md.AppendLine("Test verified error (IBP) of each trial's last epoch, if it ran at the full eps, averaged over seeds; vanilla has no λ and has its own row. Grey cells: no seed got there." +
                      (report.SelectsOnValidation ? " The last epoch, not the best one: an epoch no split chose." : string.Empty));
        md.AppendLine();
        var models = report.Trials.Select(t => t.Model).Distinct().Order(StringComparer.Ordinal).ToList();
        if (models.Count == 0)
        {
            md.AppendLine("No trials.");
            md.AppendLine();
        }

        foreach (var model in models)
        {
            md.AppendLine($"### {model}");
            md.AppendLine();
            var file = HeatmapPlot(model);
            AppendPlot(md, Plot(file, path => VerifiedErrorHeatmap.Write(model, report.Eps, report.Trials.Where(t => t.Model == model), path)),
                file, $"Final verified error of {model} by λ and warmup", "no trial of this model ended at the full eps");
        }

        md.AppendLine("## ReLU activation states");
        md.AppendLine();
        md.AppendLine("Shares of stably active (l > 0) and stably inactive (u < 0) ReLU neurons in the training pass, averaged over ReLU layers and over each method's trials " +
                      "(the paper's claim (b): vanilla IBP ends with many more inactive than active ReLUs; the regularizer balances them).");
        md.AppendLine();
        AppendPlot(md, Plot(ReluStatesPlot, path => ReluShareChart.Write(report, path)),
            ReluStatesPlot, "Active and inactive ReLU shares over epochs, vanilla vs fast", "no epoch computed bounds");

        md.AppendLine("## Warmup regularizers");
        md.AppendLine();
        md.AppendLine("Tightness and ReLU-balance terms of the fast method during its warmup (docs/method.md §4), before the λ (1 − eps/eps_max) weight.");
        md.AppendLine();
        AppendPlot(md, Plot(RegularizersPlot, path => RegularizerChart.Write(report, path)),
            RegularizersPlot, "Warmup regularizer terms over the warmup epochs", "no fast trial finished a warmup epoch");

        var markdownPath = Path.Combine(directory, MarkdownFile);
        File.WriteAllText(markdownPath, md.ToString());
        return new RenderedReport(markdownPath, plots);
    }

    private static void WriteHeader(StringBuilder md, SweepReport report)
    {
        md.AppendLine($"# Sweep report: {Cell(report.Name)}");
        md.AppendLine();
        var states = string.Join(", ", report.Trials.GroupBy(t => t.State).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}"));
        md.AppendLine(Invariant($"Sweep `{report.Id}` on {report.Dataset}, target eps {ReportFormat.Eps(report.Eps)}: {report.Trials.Count} trials{(states.Length > 0 ? $" ({states})" : string.Empty)}."));
        md.AppendLine();
        md.AppendLine("## Settings");
        md.AppendLine();
        md.AppendLine("| setting | value |");
        md.AppendLine("|---|---|");
        md.AppendLine($"| dataset | {Cell(report.Dataset)} |");
        md.AppendLine(Invariant($"| eps | {ReportFormat.Eps(report.Eps)} |"));
        foreach (var setting in report.Spec)
        {
            md.AppendLine($"| {Cell(setting.Name)} | {Cell(setting.Value)} |");
        }

        md.AppendLine();
    }

    private static void WriteTrials(StringBuilder md, SweepReport report)
    {
        var validation = report.SelectsOnValidation;
        md.AppendLine("## Ranked trials");
        md.AppendLine();
        md.AppendLine((validation
                          ? Invariant($"Ranked by verified error (IBP) on the {SelectionText.Split(true)} at the full eps ({ReportFormat.Eps(report.Eps)}), taking each trial's best epoch: the epoch at full eps the sweep selects, with the lowest validation verified error (the earliest on ties); ties by validation clean error. ") +
                            "The test errors are those of that best epoch only, which the test set played no part in choosing. "
                          : Invariant($"Ranked by test verified error at the full eps ({ReportFormat.Eps(report.Eps)}), taking each trial's best epoch at full eps (the reference's best checkpoint); ties by clean error. ")) +
                      $"Trials that never reached the full eps have no rank ({ReportFormat.Missing}) and come last. {ApartPerEps(report)}Images/s: training throughput, mean over epochs. " +
                      "Every verified error here is certified by IBP (the trainer's test pass) unless its column names CROWN. " +
                      $"PGD error: the last epoch at full eps that measured it (spec group pgd; {ReportFormat.Missing} without one), an attack's figure and a lower bound on the robust error." +
                      (validation ? " Final verified error (IBP): the test pass of the trial's last epoch, if it ran at the full eps, an epoch no split chose." : string.Empty));
        md.AppendLine();
        var crown = report.Trials.Any(t => t.Crown is not null);
        if (crown)
        {
            md.AppendLine("Verified error (IBP): the best epoch's test pass; verified error (CROWN): the same checkpoint certified by full CROWN on the whole test set at the full eps (trials with final_certify: crown).");
            md.AppendLine();
        }

        string[] errors = validation
            ? ["val verified error (IBP)", "val clean error", "test verified error (IBP) at the best epoch", .. crown ? new[] { "test verified error (CROWN) at the best epoch" } : [], "test clean error at the best epoch"]
            : ["verified error (IBP)", .. crown ? new[] { "verified error (CROWN)" } : [], "clean error"];
        var others = HasOtherAxes(report);
        string[] headers = ["rank", "trial", "model", "method", "λ", "warmup", .. others ? new[] { OtherAxesColumn } : [], "seed", "state", "epochs done", "best epoch", .. errors, "PGD error", "final verified error (IBP)", "images/s"];
        WriteTableHead(md, headers, textColumns: ["trial", "model", "method", OtherAxesColumn, "state"]);
        foreach (var ranked in SweepRanking.Trials(report.Trials))
        {
            var t = ranked.Trial;
            var b = ranked.Best;
            string[] cells = validation
                ? [ReportFormat.Percent(b?.SelectionVerifiedError), ReportFormat.Percent(b?.SelectionCleanError), ReportFormat.Percent(b?.TestVerifiedError), .. crown ? new[] { ReportFormat.Percent(t.Crown?.CrownVerifiedError) } : [], ReportFormat.Percent(b?.TestCleanError)]
                : [ReportFormat.Percent(b?.TestVerifiedError), .. crown ? new[] { ReportFormat.Percent(t.Crown?.CrownVerifiedError) } : [], ReportFormat.Percent(b?.TestCleanError)];
            md.AppendLine(
                Invariant($"| {Rank(ranked.Rank)} | {Cell(t.Id)} | {Cell(t.Model)} | {t.Configuration.Method} | {Lambda(t.Configuration)} | {t.Configuration.Warmup} | {OtherAxesCell(others, t.Configuration)}{t.Seed} | {Cell(t.State)} | {t.History.Count}/{t.Epochs} | ") +
                $"{(b is not null ? b.Epoch.ToString(CultureInfo.InvariantCulture) : ReportFormat.Missing)} | {string.Join(" | ", cells)} | " +
                $"{ReportFormat.Percent(t.LastPgdAtFullEps?.PgdError)} | {ReportFormat.Percent(t.FinalAtFullEps?.TestVerifiedError)} | {Throughput(t)} |");
        }

        md.AppendLine();
        AppendValidationNote(md, report);
    }

    private static void WriteConfigurations(StringBuilder md, SweepReport report)
    {
        var validation = report.SelectsOnValidation;
        md.AppendLine("## Configurations (mean ± std over seeds)");
        md.AppendLine();
        md.AppendLine((validation
                          ? $"Each configuration's trials (seeds) that reached the full eps, at their best epochs (selected on the {SelectionText.Split(true)}): mean ± sample standard deviation (n − 1), in percent, of the validation verified error (IBP) and clean error, " +
                            "whose means rank the configurations (lowest mean validation verified error first; ties by mean validation clean error), and of the test verified error (IBP) and clean error at those best epochs, the figures to report. "
                          : "Each configuration's trials (seeds) that reached the full eps: mean ± sample standard deviation (n − 1) of the best verified error (IBP) at full eps and of the clean error at that epoch, in percent. ") +
                      $"A single seed has no deviation; a configuration with no seed at full eps has no rank ({ReportFormat.Missing}). {ApartPerEps(report)}".TrimEnd());
        md.AppendLine();
        string[] errors = validation
            ? ["val verified error (IBP)", "val clean error", "test verified error (IBP) at the best epoch", "test clean error at the best epoch"]
            : ["verified error (IBP)", "clean error"];
        var others = HasOtherAxes(report);
        WriteTableHead(md, ["rank", "model", "method", "λ", "warmup", .. others ? new[] { OtherAxesColumn } : [], "seeds at full eps", .. errors], textColumns: ["model", "method", OtherAxesColumn]);
        foreach (var result in SweepRanking.Configurations(report.Trials))
        {
            var c = result.Configuration;
            string[] cells = validation
                ? [ReportFormat.MeanAndDeviation(result.SelectionVerified), ReportFormat.MeanAndDeviation(result.SelectionClean), ReportFormat.MeanAndDeviation(result.Verified), ReportFormat.MeanAndDeviation(result.Clean)]
                : [ReportFormat.MeanAndDeviation(result.Verified), ReportFormat.MeanAndDeviation(result.Clean)];
            md.AppendLine(
                Invariant($"| {Rank(result.Rank)} | {Cell(c.Model)} | {c.Method} | {Lambda(c)} | {c.Warmup} | {OtherAxesCell(others, c)}{result.SelectionVerified?.Count ?? 0}/{result.Trials} | ") +
                $"{string.Join(" | ", cells)} |");
        }

        md.AppendLine();
        AppendValidationNote(md, report);
    }

    /// <summary>A Markdown table's header and rule rows: text columns left-aligned, the others right-aligned.</summary>
    private static void WriteTableHead(StringBuilder md, IReadOnlyList<string> headers, IReadOnlyList<string> textColumns)
    {
        md.AppendLine($"| {string.Join(" | ", headers)} |");
        md.AppendLine($"|{string.Concat(headers.Select(h => textColumns.Contains(h) ? "---|" : "---:|"))}");
    }

    /// <summary>Under a table whose errors are labelled val and test: which split chose and ranked, and that the test
    /// figures are the selected epochs' only.</summary>
    private static void AppendValidationNote(StringBuilder md, SweepReport report)
    {
        if (report.SelectsOnValidation)
        {
            md.AppendLine(SelectionText.ValidationNote);
            md.AppendLine();
        }
    }

    private static void WriteParetoFront(StringBuilder md, SweepReport report, bool plotted)
    {
        var validation = report.SelectsOnValidation;
        var split = SelectionText.Split(validation);
        md.AppendLine(ParetoFrontHeading);
        md.AppendLine();
        md.AppendLine($"Every trial that reached the full eps, at its best epoch (picked on the {split}): clean error against verified error (IBP), both on the {split}. " +
                      "A trial is on the front when no other trial is at least as good on both errors and better on one; the step line joins the front's trials.");
        md.AppendLine();
        var points = ParetoFrontChart.Build(report.Trials);
        if (points.Count < ParetoFrontChart.MinimumTrials)
        {
            md.AppendLine($"No front to draw: {(points.Count == 0 ? "no trial" : "only one trial")} reached the full eps, and a front needs at least {ParetoFrontChart.MinimumTrials}.");
            md.AppendLine();
            return;
        }

        AppendPlot(md, plotted, ParetoFrontPlot, $"Clean vs verified error on the {split} with the Pareto front", "no trial reached the full eps");
        md.AppendLine("Trials on the front, from the lowest clean error to the lowest verified error:");
        md.AppendLine();
        md.AppendLine(validation
            ? "| trial | model | configuration | seed | best epoch | val clean error | val verified error (IBP) | test clean error | test verified error (IBP) |"
            : "| trial | model | configuration | seed | best epoch | clean error | verified error (IBP) |");
        md.AppendLine(validation ? "|---:|---|---|---:|---:|---:|---:|---:|---:|" : "|---:|---|---|---:|---:|---:|---:|");
        foreach (var point in points.Where(p => p.OnFront))
        {
            var t = point.Trial;
            md.AppendLine(
                Invariant($"| {t.Number} | {Cell(t.Model)} | {Cell(t.Configuration.Label)} | {t.Seed} | {point.Epoch.Epoch} | ") +
                $"{ReportFormat.Percent(point.CleanError)} | {ReportFormat.Percent(point.VerifiedError)} |" +
                (validation ? $" {ReportFormat.Percent(point.Epoch.TestCleanError)} | {ReportFormat.Percent(point.Epoch.TestVerifiedError)} |" : string.Empty));
        }

        md.AppendLine();
        AppendValidationNote(md, report);
    }

    private static void AppendPlot(StringBuilder md, bool written, string file, string description, string emptyReason)
    {
        md.AppendLine(written ? $"![{description}]({file})" : $"No plot: {emptyReason}.");
        md.AppendLine();
    }

    /// <summary>Mean training throughput over the trial's epochs.</summary>
    private static string Throughput(TrialReport trial) => trial.History.Count == 0
        ? ReportFormat.Missing
        : trial.History.Average(r => r.ImagesPerSecond).ToString("F0", CultureInfo.InvariantCulture);

    private static string Rank(int? rank) => rank?.ToString(CultureInfo.InvariantCulture) ?? ReportFormat.Missing;

    private const string OtherAxesColumn = "other axes";

    /// <summary>True when some trial has an axis value the fixed columns do not show (eps, alpha, a learning rate...).</summary>
    private static bool HasOtherAxes(SweepReport report) => report.Trials.Any(t => t.Configuration.OtherAxes.Length > 0);

    private static string OtherAxesCell(bool shown, TrialConfiguration configuration) => shown ? $"{Cell(configuration.OtherAxes)} | " : string.Empty;

    /// <summary>The sentence that says trials of different eps are ranked apart, when the sweep has more than one eps.</summary>
    private static string ApartPerEps(SweepReport report) =>
        report.Trials.Select(t => t.Configuration.Eps).Distinct().Count() > 1
            ? "Trials of different eps are ranked apart, smallest eps first, ranks from 1 at each: a verified error at a larger eps is certified for a larger ball and is not comparable. "
            : string.Empty;

    private static string Lambda(TrialConfiguration configuration) =>
        configuration.Axes.Contains(Parameters.Lambda) || !configuration.IsVanilla ? ReportFormat.Number(configuration.Lambda) : ReportFormat.Missing;

    /// <summary>Text safe inside a Markdown table cell.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
