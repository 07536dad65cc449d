using System.Globalization;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Views;

/// <summary>
/// The status view where nothing can be redrawn (output to a file or a pipe): one timestamped line per event (a
/// trial started, finished an epoch, ended, went back to pending) and the headline when nothing else was written
/// for a while, so a log shows progress without repeating the whole table. When the watch could not look for a while
/// (a coordinator moving), the epochs it missed come from the trials' stored histories and an attempt that ended
/// unseen gets its own line, so no epoch or hand-back is left out.
/// </summary>
public sealed class SweepProgressLog(TextWriter output, TimeSpan quietInterval)
{
    private readonly Dictionary<string, TrialStatus> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset _lastWrite = DateTimeOffset.MinValue;
    private string? _lastLine;

    /// <summary>Trials that finished more than one epoch since they were last seen: their histories hold the
    /// epochs in between.</summary>
    public IReadOnlyList<string> Gaps(SweepProgress progress) =>
        progress.Trials.Select(t => t.Status)
            .Where(now => _seen.TryGetValue(now.TrialId, out var before) && now.Epoch > before.Epoch + 1)
            .Select(now => now.TrialId)
            .ToList();

    /// <summary>Writes what changed since the last progress; <paramref name="histories"/> (by trial id) fill in the
    /// epochs of the trials in <see cref="Gaps"/>.</summary>
    public void Observe(SweepProgress progress, IReadOnlyDictionary<string, TrialHistory>? histories = null)
    {
        var wrote = false;
        if (_seen.Count == 0)
        {
            Write(progress.At, SweepStatusTable.Headline(progress));
            wrote = true;
        }

        foreach (var trial in progress.Trials)
        {
            var now = trial.Status;
            var before = _seen.GetValueOrDefault(now.TrialId);
            _seen[now.TrialId] = now;
            foreach (var line in Events(before, now, histories?.GetValueOrDefault(now.TrialId)))
            {
                Write(progress.At, $"#{now.Number} {line}");
                wrote = true;
            }
        }

        if (!wrote && progress.At - _lastWrite >= quietInterval)
        {
            Write(progress.At, SweepStatusTable.Headline(progress));
        }
    }

    /// <summary>The closing headline, once the sweep has ended or the watch stops (unless it is the last line already).</summary>
    public void Finish(SweepProgress progress)
    {
        var headline = SweepStatusTable.Headline(progress);
        if (headline != _lastLine)
        {
            Write(progress.At, headline);
        }
    }

    private static IEnumerable<string> Events(TrialStatus? before, TrialStatus now, TrialHistory? history)
    {
        if (before is null && now.State == TrialState.Pending && now.Epoch == 0)
        {
            yield break;
        }

        if (before is not null)
        {
            var missed = (history?.Epochs ?? []).Where(e => e.Epoch > before.Epoch && e.Epoch < now.Epoch).OrderBy(e => e.Epoch).ToList();
            foreach (var epoch in missed.Where(e => e.Attempt <= before.Attempt))
            {
                yield return EpochLine(epoch.Epoch, now.Epochs, epoch.Eps, epoch.Test.CleanError, epoch.Test.VerifiedError, epoch.EpochSeconds);
            }

            if (before.State == TrialState.Running && now.Attempt > before.Attempt)
            {
                yield return $"attempt {before.Attempt} on {CellFormat.Place(before.Silo, before.Device)} ended unseen: {Unseen(before, now)}";
            }

            foreach (var epoch in missed.Where(e => e.Attempt > before.Attempt))
            {
                yield return EpochLine(epoch.Epoch, now.Epochs, epoch.Eps, epoch.Test.CleanError, epoch.Test.VerifiedError, epoch.EpochSeconds);
            }
        }

        var epochLine = now.Epoch > (before?.Epoch ?? 0) && !(before is null && now.State.IsFinal()) ? EpochLine(now) : null;
        var stateLine = before?.State == now.State && before.Attempt == now.Attempt ? null : StateLine(now);
        foreach (var line in (now.State.IsFinal() || now.State == TrialState.Failed ? new[] { epochLine, stateLine } : [stateLine, epochLine]).OfType<string>())
        {
            yield return line;
        }
    }

    private static string EpochLine(TrialStatus t) => EpochLine(t.Epoch, t.Epochs, t.Eps, t.CleanError, t.VerifiedError, t.LastEpochSeconds);

    private static string EpochLine(int epoch, int epochs, double eps, double? clean, double? verified, double? seconds)
    {
        var took = seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $" ({s:F1} s)") : string.Empty;
        return $"epoch {epoch}/{epochs}: eps {CellFormat.Eps(eps)}, clean {CellFormat.Percent(clean)}, verified {CellFormat.Percent(verified)}{took}";
    }

    private static string Unseen(TrialStatus before, TrialStatus now) =>
        now.Preemptions > before.Preemptions ? "handed back (its silo stopped or was lost)"
        : now.Failures > before.Failures ? "failed, retried"
        : "ended";

    private static string StateLine(TrialStatus t) => t.State switch
    {
        TrialState.Running => $"running on {CellFormat.Place(t.Silo, t.Device)}{(t.Attempt > 1 ? $" (attempt {t.Attempt})" : string.Empty)}: {AxisColumns.Describe(t.Axes)}",
        TrialState.Completed => $"completed{(t.EarlyStopped ? " (early stop)" : string.Empty)}: {Best(t)}",
        TrialState.Stopped => $"{SweepStatusTable.StateText(t)}{(t.Stop is { } stop ? $": {stop.Reason}" : string.Empty)}; {Best(t)}",
        TrialState.Pending => $"pending{(t.Reason is { } r ? $": {r}" : string.Empty)}",
        _ => $"{CellFormat.State(t.State)}{(t.Divergence is { } d ? $": {d}" : t.Reason is { } why ? $": {why}" : string.Empty)}",
    };

    private static string Best(TrialStatus t) => t.Best is { } b
        ? string.Create(CultureInfo.InvariantCulture, $"best verified {CellFormat.Percent(b.VerifiedError)}, clean {CellFormat.Percent(b.CleanError)} (epoch {b.Epoch})")
        : "never at full eps";

    private void Write(DateTimeOffset at, string line)
    {
        output.WriteLine($"{at.ToLocalTime():HH:mm:ss} {line}");
        _lastWrite = at;
        _lastLine = line;
    }
}
