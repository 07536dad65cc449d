using System.Globalization;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Views;

/// <summary>
/// The status view where nothing can be redrawn (output to a file or a pipe): one timestamped line per event (a
/// trial started, finished an epoch, ended, went back to pending) and the headline when nothing else was written
/// for a while, so a log shows progress without repeating the whole table.
/// </summary>
public sealed class SweepProgressLog(TextWriter output, TimeSpan quietInterval)
{
    private readonly Dictionary<string, TrialStatus> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset _lastWrite = DateTimeOffset.MinValue;
    private string? _lastLine;

    public void Observe(SweepProgress progress)
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
            foreach (var line in Events(before, now))
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

    private static IEnumerable<string> Events(TrialStatus? before, TrialStatus now)
    {
        if (before is null && now.State == TrialState.Pending && now.Epoch == 0)
        {
            yield break;
        }

        var epochLine = now.Epoch > (before?.Epoch ?? 0) && !(before is null && now.State.IsFinal()) ? EpochLine(now) : null;
        var stateLine = before?.State == now.State && before.Attempt == now.Attempt ? null : StateLine(now);
        foreach (var line in (now.State.IsFinal() || now.State == TrialState.Failed ? new[] { epochLine, stateLine } : [stateLine, epochLine]).OfType<string>())
        {
            yield return line;
        }
    }

    private static string EpochLine(TrialStatus t)
    {
        var took = t.LastEpochSeconds is { } s ? string.Create(CultureInfo.InvariantCulture, $" ({s:F1} s)") : string.Empty;
        return $"epoch {t.Epoch}/{t.Epochs}: eps {CellFormat.Eps(t.Eps)}, clean {CellFormat.Percent(t.CleanError)}, verified {CellFormat.Percent(t.VerifiedError)}{took}";
    }

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
