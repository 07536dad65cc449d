using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Catalog;

namespace Certsweep.Client.Tests;

/// <summary>Sweep results as the cluster returns them, built by hand: trials whose test verified error at full eps
/// is <c>verified(epoch)</c>, eps ramping up over the first two epochs.</summary>
public static class SweepResultsSamples
{
    public const double Eps = 0.1;

    public static EpochResult Epoch(int epoch, int epochs, double verified, double? trainLoss = 1.0) => new()
    {
        Epoch = epoch,
        Epochs = epochs,
        Eps = Eps * Math.Min(1.0, epoch / 2.0),
        EpsMax = Eps,
        LearningRate = 5e-4,
        Train = new PassResult(64, 0.3, 0.6, 0.9, 1.2, trainLoss ?? double.NaN, epoch <= 2 ? 0.5 : null, epoch <= 2 ? 0.25 : null, epoch <= 2 ? 0.75 : null, 0.2, 0.3),
        Test = new PassResult(32, 0.25, verified, 0.8, 1.1, 1.1, null, null, null, 0.21, 0.31),
        ImagesPerSecond = 1000,
        EpochSeconds = 1.5,
        Silo = "silo-a",
        Device = "cpu",
        Attempt = 1,
    };

    public static TrialHistory Trial(string sweep, int number, string method, IReadOnlyList<EpochResult> epochs, TrialState state = TrialState.Completed, int total = 4)
    {
        var best = epochs.Where(e => e.AtFullEps).OrderBy(e => e.Test.VerifiedError).ThenBy(e => e.Epoch).FirstOrDefault();
        var config = TrialConfig.Of(
            Parameters.Dataset.Set(KnownDatasets.Synthetic), Parameters.Eps.Set(Eps), Parameters.Epochs.Set(total), Parameters.Model.Set(KnownModels.CnnFourLayerBn),
            Parameters.Method.Set(method), Parameters.Warmup.Set(2), Parameters.Seed.Set(number));
        var status = new TrialStatus
        {
            TrialId = TrialId.Of(sweep, number),
            SweepId = sweep,
            Number = number,
            Axes = config.Values.Where(p => p == Parameters.Model || p == Parameters.Method || p == Parameters.Lambda || p == Parameters.Warmup || p == Parameters.Seed),
            State = state,
            Attempt = 1,
            Epoch = epochs.Count == 0 ? 0 : epochs.Max(e => e.Epoch),
            Epochs = total,
            Eps = epochs.Count == 0 ? 0 : epochs[^1].Eps,
            EpsMax = Eps,
            CleanError = epochs.Count == 0 ? null : epochs[^1].Test.CleanError,
            VerifiedError = epochs.Count == 0 ? null : epochs[^1].Test.VerifiedError,
            Best = best is null ? null : new BestEpoch(best.Epoch, best.Test.CleanError, best.Test.VerifiedError!.Value),
            Silo = "silo-a",
            Device = "cpu",
        };
        return new TrialHistory(status, config, epochs);
    }

    public static SweepResults Results(string sweep, params TrialHistory[] trials)
    {
        var rows = trials.Select(t => t.Status).ToList();
        var status = new SweepStatus
        {
            SweepId = sweep,
            Name = "sample",
            State = rows.All(r => r.State.IsFinal() || r.State == TrialState.Failed) ? SweepState.Completed : SweepState.Running,
            Counts = TrialCounts.Of(rows.Select(r => r.State)),
            Trials = rows,
            Ranking = RankedTrial.Order(rows),
            Dataset = KnownDatasets.Synthetic,
            Eps = Eps,
        };
        return new SweepResults(status, trials);
    }
}
