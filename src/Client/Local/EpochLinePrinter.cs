using System.Globalization;
using Certsweep.Training.Bounds;
using Certsweep.Training.Loop;

namespace Certsweep.Client.Local;

/// <summary>Prints one line per finished epoch and, when given a list, keeps the reports.</summary>
public sealed class EpochLinePrinter : ITrainingObserver
{
    private readonly TextWriter _writer;
    private readonly List<EpochReport>? _reports;

    public EpochLinePrinter(TextWriter writer, List<EpochReport>? reports = null)
    {
        _writer = writer;
        _reports = reports;
    }

    public void OnEpoch(EpochReport r)
    {
        _reports?.Add(r);
        static string Percent(double? value) => value is { } v ? (100 * v).ToString("F2", CultureInfo.InvariantCulture) + "%" : "-";
        static string Number(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";
        var width = r.Epochs.ToString(CultureInfo.InvariantCulture).Length;
        var validation = r.Validation is { } v ? $"val err {Percent(v.CleanError)} ver {Percent(v.VerifiedError)} | " : string.Empty;
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{r.Epochs} eps {r.Eps:F5} lr {r.LearningRate:0.0e+00} | " +
            $"train err {Percent(r.Train.CleanError)} ver {Percent(r.Train.VerifiedError)} loss {Number(r.Train.Loss)} reg {Number(r.Train.RegularizerLoss)} | " +
            $"{validation}test err {Percent(r.Test.CleanError)} ver {Percent(r.Test.VerifiedError)}{(r.Bound == BoundKind.Ibp ? string.Empty : $" ({r.Bound.Name()})")}{(r.PgdError is { } pgd ? $" pgd {Percent(pgd)}" : string.Empty)} | relu +{Percent(r.Test.ActiveReluShare)} -{Percent(r.Test.InactiveReluShare)} | " +
            $"{r.ImagesPerSecond:F0} img/s {r.EpochSeconds:F1}s{(r.IsBest ? " *best" : string.Empty)}"));
    }
}
