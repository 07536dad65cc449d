using System.Globalization;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Views;

/// <summary>
/// One trial in detail: its facts (axes, state, where, attempts, best epoch and, with <c>final_certify: crown</c>, its
/// checkpoint certified by IBP and CROWN) and one row per finished epoch with the eps, the bound that certified it,
/// the learning rate, the training pass's loss, regularizer and errors, the test pass's errors (clean, verified and, in
/// epochs that measured it, PGD) and ReLU states, speed and time, and where the epoch ran. A trial that selects on a
/// validation split shows that split's errors every epoch and the test errors of the selected epoch only.
/// </summary>
public static class TrialHistoryTable
{
    public static IReadOnlyList<string> Headers(TrialHistory history) =>
    [
        "epoch", "eps", "bound", "lr", "train loss", "reg", "train clean", "train verified",
        .. SelectsOnValidation(history) ? ["val clean", "val verified"] : Array.Empty<string>(),
        "test clean", "test verified", "test pgd", "relu +/-", "img/s", "time", "where",
    ];

    /// <summary>True when the trial's epochs carry a validation pass, which then picks its best epoch.</summary>
    public static bool SelectsOnValidation(TrialHistory history) => history.Status.Best?.OnValidation ?? history.Epochs.Any(e => e.Validation is not null);

    public static IReadOnlyList<(string Label, string Value)> Facts(TrialHistory history)
    {
        var t = history.Status;
        var facts = new List<(string, string)>
        {
            ("axes", AxisColumns.Describe(t.Axes)),
            ("state", $"{SweepStatusTable.StateText(t)}{(t.Divergence is { } d ? $": {d}" : t.Reason is { } r ? $": {r}" : string.Empty)}"),
            ("progress", string.Create(CultureInfo.InvariantCulture, $"epoch {t.Epoch} of {t.Epochs}")),
            ("where", CellFormat.Place(t.Silo, t.Device)),
            ("attempts", string.Create(CultureInfo.InvariantCulture, $"{t.Attempt} ({t.Failures} failed, {t.Preemptions} handed back or lost with a silo)")),
            ("best", t.Best is { } b
                ? string.Create(CultureInfo.InvariantCulture, $"epoch {b.Epoch}: verified {CellFormat.Percent(b.VerifiedError)}, clean {CellFormat.Percent(b.CleanError)} at eps {CellFormat.Number(t.EpsMax)}") +
                    (b.OnValidation
                        ? $" on the validation split; test verified {CellFormat.Percent(b.TestVerifiedError)}, clean {CellFormat.Percent(b.TestCleanError)} at that epoch"
                        : " on the test set")
                : "none yet (no epoch at full eps)"),
        };
        if (t.FinalCertificate is { } f)
        {
            facts.Add(("certified", Certified(f)));
        }

        if (t.PgdError is { } pgd)
        {
            facts.Add(("pgd", string.Create(CultureInfo.InvariantCulture,
                $"epoch {t.PgdEpoch}: {CellFormat.Percent(pgd)} misclassified clean or under a PGD attack (a lower bound on the robust error; verified error, IBP, is the upper)")));
        }
        if (t.ResumedFrom is { } resumed)
        {
            facts.Add(("resumed", string.Create(CultureInfo.InvariantCulture, $"from its checkpoint in epoch {resumed.Epoch} after {resumed.Batch} batches")));
        }

        if (history.Config is { } c)
        {
            facts.Add(("settings", AxisColumns.Describe(c.Values.Where(p => !t.Axes.Contains(p)))));
        }

        return facts;
    }

    public static IReadOnlyList<IReadOnlyList<string>> Rows(TrialHistory history)
    {
        var validation = SelectsOnValidation(history);
        var selected = history.Status.Best?.Epoch;
        return history.Epochs.Select(e => (IReadOnlyList<string>)
        [
            $"{e.Epoch}{(e.IsBest ? "*" : string.Empty)}", CellFormat.Eps(e.Eps), e.Bound, e.LearningRate.ToString("0.0e+00", CultureInfo.InvariantCulture),
            Loss(e.Train.Loss), Loss(e.Train.RegularizerLoss), CellFormat.Percent(e.Train.CleanError), CellFormat.Percent(e.Train.VerifiedError),
            .. validation ? [CellFormat.Percent(e.Validation?.CleanError), CellFormat.Percent(e.Validation?.VerifiedError)] : Array.Empty<string>(),
            .. !validation || e.Epoch == selected
                ? [CellFormat.Percent(e.Test.CleanError), CellFormat.Percent(e.Test.VerifiedError)]
                : new[] { CellFormat.Missing, CellFormat.Missing },
            CellFormat.Percent(e.PgdError),
            e.Test.ActiveReluShare is { } active ? $"{CellFormat.Percent(active)}/{CellFormat.Percent(e.Test.InactiveReluShare)}" : CellFormat.Missing,
            e.ImagesPerSecond.ToString("F0", CultureInfo.InvariantCulture), CellFormat.Duration(TimeSpan.FromSeconds(e.EpochSeconds)),
            CellFormat.Place(e.Silo, e.Device),
        ]).ToList();
    }

    /// <summary>The best checkpoint's certificate, each verified error labelled with its verifier.</summary>
    public static string Certified(FinalCertificate f) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {f.Epoch} at eps {CellFormat.Number(f.Eps)} on {f.Samples} test images: verified (IBP) {CellFormat.Percent(f.IbpVerifiedError)}, verified (CROWN) {CellFormat.Percent(f.CrownVerifiedError)}, clean {CellFormat.Percent(f.CleanError)}; CROWN took {CellFormat.Duration(TimeSpan.FromSeconds(f.CrownSeconds))}");

    private static string Loss(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : CellFormat.Missing;
}
