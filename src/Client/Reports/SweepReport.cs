namespace Certsweep.Client.Reports;

/// <summary>
/// Everything the sweep report is drawn from: which sweep, its settings in short, and every trial with its
/// per-epoch history. A plain record set, independent of where the results are stored.
/// </summary>
/// <param name="Eps">The sweep's target eps (raw pixel units); null when eps is an axis.</param>
/// <param name="Spec">The spec's shared settings, in the order to show them (dataset, epochs, schedule, ...).</param>
/// <param name="SelectsOnValidation">True when the sweep picks best epochs and ranks on a validation split of the
/// training set rather than on the test set.</param>
public sealed record SweepReport(
    string Id,
    string Name,
    string Dataset,
    double? Eps,
    IReadOnlyList<SpecSetting> Spec,
    IReadOnlyList<TrialReport> Trials,
    bool SelectsOnValidation = false);
