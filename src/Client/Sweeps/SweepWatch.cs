using Certsweep.Client.Cli;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;
using Spectre.Console;

namespace Certsweep.Client.Sweeps;

/// <summary>
/// Follows a sweep until it ends or the user presses Ctrl+C: a live table redrawn every second on a terminal
/// (Spectre.Console), timestamped event lines when the output is a file or pipe, nothing for <c>--output json</c>
/// (which prints one document at the end). Cluster errors on the way are retried by the reader's retry.
/// </summary>
public sealed class SweepWatch(SweepReader reader, Terminal terminal)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long the event log may stay silent before it repeats the headline.</summary>
    public static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(30);

    /// <summary>Watches until the sweep is no longer running; <see cref="WatchResult.Interrupted"/> when Ctrl+C ended it first.</summary>
    public async Task<WatchResult> RunAsync(CancellationToken interrupted)
    {
        if (terminal.Format == OutputFormat.Json)
        {
            return await LoopAsync(_ => { }, interrupted);
        }

        if (!terminal.IsInteractive)
        {
            var log = new SweepProgressLog(terminal.Out, QuietInterval);
            var result = await LoopAsync(log.Observe, interrupted);
            log.Finish(result.Last);
            return result;
        }

        var first = await reader.ReadAsync(interrupted);
        WatchResult? outcome = null;
        await terminal.Rich.Live(SweepStatusTable.Render(first))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                outcome = await LoopAsync(progress =>
                {
                    context.UpdateTarget(SweepStatusTable.Render(progress));
                    context.Refresh();
                }, interrupted, first);
            });
        return outcome!;
    }

    private async Task<WatchResult> LoopAsync(Action<SweepProgress> show, CancellationToken interrupted, SweepProgress? first = null)
    {
        var progress = first;
        try
        {
            progress ??= await reader.ReadAsync(interrupted);
            while (true)
            {
                show(progress);
                if (progress.Status.State != SweepState.Running)
                {
                    return new WatchResult(progress, false);
                }

                await Task.Delay(PollInterval, interrupted);
                progress = await reader.ReadAsync(interrupted);
            }
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested && progress is not null)
        {
            return new WatchResult(progress, true);
        }
    }
}
