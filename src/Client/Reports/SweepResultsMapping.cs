using System.Globalization;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Reports;

/// <summary>
/// Maps a sweep's results as the cluster keeps them (<see cref="SweepResults"/>: status rows and every trial's
/// epoch history) onto the report's records. The settings shown (besides data set and eps, which the report names
/// itself) are those every trial shares, taken from a trial's configuration; the regularizer terms, robust loss and
/// ReLU shares are the training pass's.
/// </summary>
public static class SweepResultsMapping
{
    public static SweepReport ToReport(this SweepResults results)
    {
        var status = results.Status;
        var histories = results.Trials.ToDictionary(h => h.Status.TrialId, StringComparer.Ordinal);
        var trials = status.Trials.Select(row => Trial(row, histories.GetValueOrDefault(row.TrialId))).ToList();
        var config = results.Trials.Select(h => h.Config).OfType<TrialConfig>().FirstOrDefault();
        return new SweepReport(status.SweepId, status.Name ?? status.SweepId, status.Dataset, status.Eps, config is null ? [] : Settings(config), trials);
    }

    public static TrialReport Trial(TrialStatus row, TrialHistory? history)
    {
        var a = row.Axes;
        var epochs = (history?.Epochs ?? []).OrderBy(e => e.Epoch).Select(Row).ToList();
        return new TrialReport(row.TrialId, a.Model, a.Method, a.Lambda, a.WarmupLength, a.WarmupStart, a.Seed, State(row), row.Epochs, epochs);
    }

    public static EpochRow Row(EpochResult e) => new(
        e.Epoch, e.Eps, e.EpsMax, e.LearningRate,
        TrainCleanError: e.Train.CleanError, TestCleanError: e.Test.CleanError,
        TrainVerifiedError: e.Train.VerifiedError, TestVerifiedError: e.Test.VerifiedError,
        RobustLoss: e.Train.RobustLoss, TightnessLoss: e.Train.TightnessLoss, ReluLoss: e.Train.ReluLoss,
        ActiveReluShare: e.Train.ActiveReluShare, InactiveReluShare: e.Train.InactiveReluShare,
        ImagesPerSecond: e.ImagesPerSecond);

    /// <summary>The state in words: completed (early stop), failed (reason), diverged (where), cancelled, running, pending.</summary>
    public static string State(TrialStatus row) => row.State switch
    {
        TrialState.Completed when row.EarlyStopped => "completed (early stop)",
        TrialState.Failed => $"failed ({row.Reason ?? "no reason recorded"})",
        TrialState.Diverged when row.Divergence is { } d => $"diverged ({d})",
        _ => row.State.ToString().ToLowerInvariant(),
    };

    private static IReadOnlyList<SpecSetting> Settings(TrialConfig c)
    {
        string N(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
        var samples = c.TrainLimit is null && c.TestLimit is null ? "all"
            : $"first {c.TrainLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"} train / {c.TestLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"} test";
        return
        [
            new("samples", samples),
            new("epochs", c.Epochs.ToString(CultureInfo.InvariantCulture)),
            new("schedule", $"{c.Schedule.ToString().ToLowerInvariant()}{(c.Schedule == ScheduleKind.Smoothed ? $" (mid {N(c.ScheduleMid)}, beta {N(c.ScheduleBeta)})" : string.Empty)}"),
            new("batch size", c.BatchSize.ToString(CultureInfo.InvariantCulture) + (c.GradientAccumulation > 1 ? $" in {c.GradientAccumulation} micro-batches" : string.Empty)),
            new("learning rate", $"{N(c.LearningRate)}{(c.LrMilestones.Count > 0 ? $", x0.2 after epoch {string.Join(", ", c.LrMilestones)}" : string.Empty)}"),
            new("early stopping", c.EarlyStopping is { } e ? $"after {e.Patience} epochs without an improvement of {N(e.MinDelta)}" : "off"),
        ];
    }
}
