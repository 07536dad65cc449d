using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Commands;

/// <summary><c>certsweep trial show &lt;sweep-id&gt;/&lt;number&gt;</c>: a trial's facts and every finished epoch.</summary>
public static class TrialCommand
{
    public static Command Create()
    {
        var command = new Command("trial", "Look at single trials of a sweep.");
        var id = new Argument<string>("trial-id") { Description = "The trial: <sweep-id>/<number>, e.g. my-sweep/0003 (as 'sweep status' numbers them)." };
        id.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!TrialId.TryParse(text, out var sweepId, out _) || !SweepIds.IsValid(sweepId))
            {
                result.AddError($"trial-id: {text} is not a trial id; allowed: <sweep-id>/<number>, e.g. my-sweep/0003");
            }
        });
        var show = new Command("show", "A trial's axes, state, attempts and best epoch, and one row per finished epoch.") { id, ConnectionOptions.Cluster };
        show.SetAction(parse => ClusterVerb.RunAsync(parse, async session =>
        {
            TrialId.TryParse(parse.GetValue(id)!, out var sweepId, out var number);
            var terminal = session.Terminal;
            if (await SweepLookup.FindAsync(session, sweepId) is not { } status)
            {
                return terminal.Fail(SweepLookup.NotFound(session, sweepId));
            }

            if (number > status.Trials.Count)
            {
                return terminal.Fail(new CliError(ExitCodes.Unavailable, $"sweep {sweepId} has {status.Trials.Count} trials; there is no trial {number}."));
            }

            var row = status.Trials[number - 1];
            var history = row.Attempt == 0 ? null : await session.Client.GetGrain<ITrialGrain>(row.TrialId).GetHistory();
            history = history is null ? new TrialHistory(row, null, []) : history with { Status = row.IsNewerThan(history.Status) ? row : history.Status };
            if (terminal.Format == OutputFormat.Json)
            {
                terminal.WriteJson(history);
                return ExitCodes.Success;
            }

            terminal.WriteHeading($"trial {row.TrialId} of sweep {sweepId}");
            WriteHistory(terminal, history);
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(show);
        return command;
    }

    /// <summary>The facts and the per-epoch table of one trial (also for <c>sweep best</c>).</summary>
    public static void WriteHistory(Terminal terminal, TrialHistory history)
    {
        terminal.WriteFacts(TrialHistoryTable.Facts(history));
        terminal.Out.WriteLine();
        if (history.Epochs.Count == 0)
        {
            terminal.Out.WriteLine("no epoch finished yet.");
            return;
        }

        terminal.WriteTable(TrialHistoryTable.Headers(history), TrialHistoryTable.Rows(history));
        var validation = TrialHistoryTable.SelectsOnValidation(history);
        terminal.Out.WriteLine($"* the best epoch so far (lowest verified error at full eps on the {SelectionText.Split(validation)})");
        if (validation)
        {
            terminal.Out.WriteLine(SelectionText.ValidationNote);
        }
    }
}
