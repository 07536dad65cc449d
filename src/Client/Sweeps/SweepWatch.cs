using Certsweep.Client.Cli;
using Certsweep.Client.Views;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Spectre.Console;

namespace Certsweep.Client.Sweeps;

/// <summary>
/// Follows a sweep until it ends or the user presses Ctrl+C: a live table redrawn every second on a terminal
/// (Spectre.Console), timestamped event lines when the output is a file or pipe, nothing for <c>--output json</c>
/// (which prints one document at the end). Cluster errors on the way are retried by the source's retry. A sweep
/// that has ended with trials still stopping (a cancel) is watched until they have stopped, so the last view shows
/// how the sweep ended.
/// </summary>
public sealed class SweepWatch(ISweepProgressSource source, Terminal terminal)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long the event log may stay silent before it repeats the headline.</summary>
    public static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long an ended sweep's running trials are waited for (a trial takes up to 25 s to stop).</summary>
    public static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(40);

    /// <summary>Watches until the sweep is no longer running; <see cref="WatchResult.Interrupted"/> when Ctrl+C ended it first.</summary>
    public async Task<WatchResult> RunAsync(CancellationToken interrupted)
    {
        if (terminal.Format == OutputFormat.Json)
        {
            return await LoopAsync(_ => Task.CompletedTask, interrupted);
        }

        if (!terminal.IsInteractive)
        {
            var log = new SweepProgressLog(terminal.Out, QuietInterval);
            var result = await LoopAsync(async progress => log.Observe(progress, await MissedAsync(log, progress, interrupted)), interrupted);
            log.Finish(result.Last);
            return result;
        }

        var first = await source.ReadAsync(interrupted);
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
                    return Task.CompletedTask;
                }, interrupted, first);
            });
        return outcome!;
    }

    /// <summary>True once the sweep has ended and none of its trials is still running.</summary>
    public static bool HasSettled(SweepProgress progress) =>
        progress.Status.State != SweepState.Running && progress.Trials.All(t => t.Status.State != TrialState.Running);

    private async Task<IReadOnlyDictionary<string, TrialHistory>> MissedAsync(SweepProgressLog log, SweepProgress progress, CancellationToken cancellation)
    {
        var histories = new Dictionary<string, TrialHistory>(StringComparer.Ordinal);
        foreach (var trialId in log.Gaps(progress))
        {
            if (await source.ReadHistoryAsync(trialId, cancellation) is { } history)
            {
                histories[trialId] = history;
            }
        }

        return histories;
    }

    private async Task<WatchResult> LoopAsync(Func<SweepProgress, Task> show, CancellationToken interrupted, SweepProgress? first = null)
    {
        var progress = first;
        DateTimeOffset? settleBy = null;
        try
        {
            progress ??= await source.ReadAsync(interrupted);
            while (true)
            {
                await show(progress);
                if (progress.Status.State != SweepState.Running)
                {
                    settleBy ??= DateTimeOffset.UtcNow + SettleWait;
                    if (HasSettled(progress) || DateTimeOffset.UtcNow >= settleBy)
                    {
                        return new WatchResult(progress, false);
                    }
                }

                await Task.Delay(PollInterval, interrupted);
                progress = await source.ReadAsync(interrupted);
            }
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested && progress is not null)
        {
            return new WatchResult(progress, true);
        }
    }
}
