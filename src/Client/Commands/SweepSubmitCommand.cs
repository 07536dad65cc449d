using System.CommandLine;
using Certsweep.Client.Cli;
using Certsweep.Client.Connection;
using Certsweep.Client.Specs;
using Certsweep.Client.Sweeps;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Commands;

/// <summary>
/// <c>certsweep sweep submit &lt;spec&gt; [--id ID] [--watch]</c>: validates the spec (exit code 2 before connecting),
/// submits it to the cluster and returns, or follows it to its end. The same spec under an existing id is a no-op
/// (exit code 0, said so); a different spec under it is an error (exit code 2).
/// </summary>
public static class SweepSubmitCommand
{
    public static Command Create()
    {
        var file = SpecInput.File();
        var maxTrials = SpecInput.MaxTrials();
        var id = SweepArguments.IdOption();
        var watch = SweepArguments.Watch();
        var command = new Command("submit", "Submit a sweep spec to the cluster (validated first; nothing is sent for an invalid spec).")
        {
            file, id, watch, maxTrials, ConnectionOptions.Cluster,
        };
        command.SetAction(async parse =>
        {
            var terminal = Terminal.For(parse);
            if (SpecInput.Load(parse, file, maxTrials, parse.GetValue(ConnectionOptions.Cluster), out var error) is not { } loaded)
            {
                return terminal.Fail(error!);
            }

            var spec = loaded.Spec;
            var path = parse.GetValue(file)!;
            if (!spec.IsValid)
            {
                return terminal.Fail(spec.ToCliError());
            }

            var sweepId = parse.GetValue(id) ?? DefaultSweepId.For(path, DateTimeOffset.UtcNow);
            return await ClusterVerb.RunAsync(parse, async session =>
            {
                var result = await session.Client.GetGrain<ISweepCoordinatorGrain>(sweepId).Submit(spec.Spec);
                if (Rejection(result) is { } rejected)
                {
                    return terminal.Fail(rejected);
                }

                if (!parse.GetValue(watch))
                {
                    if (terminal.Format == OutputFormat.Json)
                    {
                        terminal.WriteJson(result);
                    }
                    else
                    {
                        WriteAccepted(terminal, result, session.Where);
                    }

                    return ExitCodes.Success;
                }

                if (terminal.Format != OutputFormat.Json)
                {
                    WriteAccepted(terminal, result, session.Where);
                }

                return await SweepFollow.RunAsync(session, sweepId, status => new { Submit = result, Status = status });
            }, parse.GetValue(maxTrials));
        });
        return command;
    }

    /// <summary>The error for a submit the cluster refused: a different spec under the id, or a spec it found invalid.</summary>
    public static CliError? Rejection(SubmitResult result) => result.Outcome switch
    {
        SubmitOutcome.Conflict => new CliError(ExitCodes.InvalidInput,
            $"sweep {result.SweepId} already exists with a different spec; nothing changed. Submit under another --id, or resubmit the spec it was created with."),
        SubmitOutcome.Invalid => new CliError(ExitCodes.InvalidInput, $"the cluster refused the spec: {result.Message}", result.Errors.Select(e => e.ToString()).ToList()),
        _ => null,
    };

    public static void WriteAccepted(Terminal terminal, SubmitResult result, string where)
    {
        if (result.Outcome == SubmitOutcome.AlreadyExists)
        {
            terminal.Out.WriteLine(result.Message);
            return;
        }

        terminal.WriteHeading($"submitted sweep {result.SweepId} to {where}: {result.Trials} trial{(result.Trials == 1 ? string.Empty : "s")}");
        terminal.WriteFacts(
        [
            ("follow", $"certsweep sweep status {result.SweepId} --watch"),
            ("results", $"certsweep sweep results {result.SweepId}"),
            ("cancel", $"certsweep sweep cancel {result.SweepId}"),
        ]);
    }
}
