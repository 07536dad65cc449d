using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Reports;
using Certsweep.Client.Sweeps;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary>
/// <c>certsweep report &lt;sweep-id | results.json&gt; [--out DIR]</c>: the Markdown report with its plots, from a
/// sweep on the cluster or from a results file (<c>sweep run</c> writes <c>runs/&lt;id&gt;/results.json</c>; <c>sweep
/// results --format json</c> prints the same document).
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("sweep")
        {
            Description = "A sweep id on the cluster, or a results file (.json) written by 'sweep run' or 'sweep results --format json'.",
        };
        var output = new Option<string?>("--out") { Description = "Directory for report.md and its PNG plots (default runs/<sweep-id>/report).", HelpName = "dir" };
        var command = new Command("report", "Write a sweep's Markdown report with plots (clean vs verified error with the Pareto front, errors over epochs, eps schedule, lambda x warmup heatmaps, ReLU states, regularizers).")
        {
            source, output, ConnectionOptions.Cluster,
        };
        command.SetAction(async parse =>
        {
            var terminal = Terminal.For(parse);
            var name = parse.GetValue(source)!;
            if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(name))
            {
                return ResultsFile.Read(name, out var results) is { } problem ? terminal.Fail(problem) : Write(terminal, results!, parse.GetValue(output));
            }

            if (!SweepIds.IsValid(name))
            {
                return terminal.Fail(new CliError(ExitCodes.InvalidInput, $"sweep: {name} is neither a results file nor a sweep id; allowed: a .json file, or a sweep id ({SweepIds.Allowed})"));
            }

            return await ClusterVerb.RunAsync(parse, async session =>
            {
                if (await SweepLookup.FindAsync(session, name) is null)
                {
                    return terminal.Fail(SweepLookup.NotFound(session, name));
                }

                return Write(terminal, await session.Client.GetGrain<ISweepCoordinatorGrain>(name).GetResults(), parse.GetValue(output));
            });
        });
        return command;
    }

    private static int Write(Terminal terminal, SweepResults results, string? directory)
    {
        var report = results.ToReport();
        var target = directory ?? Path.Combine("runs", report.Id, "report");
        var rendered = SweepReportWriter.Write(report, target);
        if (terminal.Format == OutputFormat.Json)
        {
            terminal.WriteJson(new { Markdown = rendered.MarkdownPath, Plots = rendered.PlotPaths });
        }
        else
        {
            terminal.Out.WriteLine($"report of sweep {report.Id} ({report.Trials.Count} trials) written to {rendered.MarkdownPath} with {rendered.PlotPaths.Count} plots.");
        }

        return ExitCodes.Success;
    }
}
