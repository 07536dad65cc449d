using System.Globalization;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;

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
        var configs = results.Trials.Select(h => h.Config).OfType<TrialConfig>().ToList();
        return new SweepReport(status.SweepId, status.Name ?? status.SweepId, status.Dataset, status.Eps, Settings(configs), trials, status.SelectsOnValidation);
    }

    public static TrialReport Trial(TrialStatus row, TrialHistory? history)
    {
        var epochs = (history?.Epochs ?? []).OrderBy(e => e.Epoch).Select(Row).ToList();
        var crown = row.FinalCertificate is { } f ? new CrownCertification(f.Epoch, f.IbpVerifiedError, f.CrownVerifiedError) : null;
        return new TrialReport(row.TrialId, row.Number, history?.Config ?? TrialConfig.FromResolved(row.Axes), row.Axes, State(row), row.Epochs, epochs, crown);
    }

    public static EpochRow Row(EpochResult e) => new(
        e.Epoch, e.Eps, e.EpsMax, e.LearningRate,
        TrainCleanError: e.Train.CleanError, TestCleanError: e.Test.CleanError,
        TrainVerifiedError: e.Train.VerifiedError, TestVerifiedError: e.Test.VerifiedError,
        RobustLoss: e.Train.RobustLoss, TightnessLoss: e.Train.TightnessLoss, ReluLoss: e.Train.ReluLoss,
        ActiveReluShare: e.Train.ActiveReluShare, InactiveReluShare: e.Train.InactiveReluShare,
        ImagesPerSecond: e.ImagesPerSecond, PgdError: e.PgdError,
        ValidationCleanError: e.Validation?.CleanError, ValidationVerifiedError: e.Validation?.VerifiedError);

    /// <summary>The state in words: completed (early stop), failed (reason), diverged (where), cancelled, running, pending.</summary>
    public static string State(TrialStatus row) => row.State switch
    {
        TrialState.Completed when row.EarlyStopped => "completed (early stop)",
        TrialState.Failed => $"failed ({row.Reason ?? "no reason recorded"})",
        TrialState.Diverged when row.Divergence is { } d => $"diverged ({d})",
        _ => row.State.ToString().ToLowerInvariant(),
    };

    /// <summary>Every trial parameter all the sweep's trials share (data set and eps aside, which the report names
    /// itself), as written; "off" for an optional group none of them has.</summary>
    private static IReadOnlyList<SpecSetting> Settings(IReadOnlyList<TrialConfig> configs)
    {
        var settings = new List<SpecSetting>();
        foreach (var parameter in Parameters.OfScope(ParameterScope.Trial).Where(p => p != Parameters.Dataset && p != Parameters.Eps))
        {
            var values = configs.Select(c => c.Values.Find(parameter)).Distinct().ToList();
            if (values is [{ } value])
            {
                settings.Add(new SpecSetting(parameter.Name, Echo.Escape(value.Written)));
            }
            else if (values is [null] && parameter.Group is { Optional: true } group && settings.All(s => s.Name != group.Name))
            {
                settings.Add(new SpecSetting(group.Name, "off"));
            }
        }

        return settings;
    }
}
