using System.Globalization;
using Certsweep.Client.Cli;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Certsweep.Client.Views;

/// <summary>
/// The status view of a sweep: a headline (state, counts, elapsed, time left) and one row per trial with its axes,
/// state, epoch/total as a progress bar, the last finished epoch's eps and test clean and verified error, silo/device and ETA.
/// Rendered as a Spectre table (colors, block bars) on a terminal and as plain aligned columns elsewhere.
/// </summary>
public static class SweepStatusTable
{
    public static string Headline(SweepProgress progress)
    {
        var status = progress.Status;
        var c = status.Counts;
        var counts = string.Join(", ", new[]
        {
            (c.Running, "running"), (c.Pending, "pending"), (c.Completed, "completed"), (c.Failed, "failed"), (c.Diverged, "diverged"), (c.Cancelled, "cancelled"),
        }.Where(p => p.Item1 > 0 || p.Item2 is "running" or "completed").Select(p => $"{p.Item1} {p.Item2}"));
        var name = status.Name is { Length: > 0 } n ? $" ({n})" : string.Empty;
        var time = progress.Elapsed is { } elapsed ? $", elapsed {CellFormat.Duration(elapsed)}" : string.Empty;
        var left = progress.Remaining is { } remaining ? $", about {CellFormat.Duration(remaining)} left" : string.Empty;
        return $"sweep {status.SweepId}{name}: {CellFormat.State(status.State)} - {c.Total} trials: {counts}{time}{left}";
    }

    /// <summary>Writes the view once: the Spectre table on a terminal, the headline and plain columns elsewhere.</summary>
    public static void Write(Terminal terminal, SweepProgress progress)
    {
        if (terminal.IsInteractive)
        {
            terminal.Rich.Write(Render(progress));
            return;
        }

        var axes = AxisColumns.Of(progress.Status.Trials.Select(t => t.Axes));
        terminal.WriteHeading(Headline(progress));
        terminal.WriteTable(Headers(axes), Rows(progress, axes, unicode: false));
    }

    public static IReadOnlyList<string> Headers(AxisColumns axes) =>
        ["#", .. axes.Names, "state", "progress", "eps", "clean", "verified", "where", "eta"];

    public static IReadOnlyList<IReadOnlyList<string>> Rows(SweepProgress progress, AxisColumns axes, bool unicode) =>
        progress.Trials.Select(t => (IReadOnlyList<string>)Cells(t, axes, unicode)).ToList();

    /// <summary>The table as a Spectre renderable: the headline above, states in color.</summary>
    public static IRenderable Render(SweepProgress progress)
    {
        var axes = AxisColumns.Of(progress.Status.Trials.Select(t => t.Axes));
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in Headers(axes))
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{Markup.Escape(header)}[/]")));
        }

        var stateColumn = axes.Names.Count + 1;
        foreach (var (trial, cells) in progress.Trials.Zip(Rows(progress, axes, unicode: true)))
        {
            table.AddRow(cells.Select((cell, i) => (IRenderable)(i == stateColumn
                ? new Markup($"[{Color(trial.Status.State)}]{Markup.Escape(cell)}[/]")
                : new Text(cell))).ToArray());
        }

        return new Rows(new Markup($"[bold]{Markup.Escape(Headline(progress))}[/]"), table);
    }

    /// <summary>A one-line state with what matters about it: the attempt after a retry, early stopping, a resume, where
    /// the scheduler stopped it.</summary>
    public static string StateText(TrialStatus t) => t.State switch
    {
        TrialState.Running when t.Attempt > 1 => string.Create(CultureInfo.InvariantCulture, $"running (attempt {t.Attempt})"),
        TrialState.Pending when t.Epoch > 0 || t.Preemptions > 0 => "pending (resumes)",
        TrialState.Completed when t.EarlyStopped => "completed (early stop)",
        TrialState.Stopped when t.Stop is { Rung: { } rung } s => string.Create(CultureInfo.InvariantCulture, $"stopped (rung {rung}, epoch {s.Epoch})"),
        TrialState.Stopped when t.Stop is { } s => string.Create(CultureInfo.InvariantCulture, $"stopped (epoch {s.Epoch})"),
        TrialState.Diverged when t.Divergence is { } d => string.Create(CultureInfo.InvariantCulture, $"diverged (epoch {d.Epoch})"),
        _ => CellFormat.State(t.State),
    };

    private static List<string> Cells(TrialProgress progress, AxisColumns axes, bool unicode)
    {
        var t = progress.Status;
        var epochs = string.Create(CultureInfo.InvariantCulture, $"{t.Epoch}/{t.Epochs}");
        var started = t.State != TrialState.Pending || t.Epoch > 0;
        return
        [
            CellFormat.Integer(t.Number), .. axes.Cells(t.Axes), StateText(t),
            $"{ProgressBar.Render(progress.Fraction, unicode)} {epochs}",
            started ? CellFormat.Eps(t.Eps) : CellFormat.Missing,
            CellFormat.Percent(t.CleanError), CellFormat.Percent(t.VerifiedError),
            CellFormat.Place(t.Silo, t.Device),
            t.State == TrialState.Running ? CellFormat.Duration(progress.Remaining) : CellFormat.Missing,
        ];
    }

    private static string Color(TrialState state) => state switch
    {
        TrialState.Running => "blue",
        TrialState.Completed => "green",
        TrialState.Failed or TrialState.Diverged => "red",
        TrialState.Cancelled or TrialState.Stopped => "yellow",
        _ => "grey",
    };
}
