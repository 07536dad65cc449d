namespace Certsweep.Client.Reports;

/// <summary>
/// One finished epoch of a trial, as the report needs it. Errors and shares are fractions in [0, 1].
/// Verified errors are at the epoch's <see cref="Eps"/>; they are null when the pass computed no bounds.
/// The robust loss, the regularizer terms (before the lambda weight, docs/method.md §4) and the ReLU shares
/// (stably active <c>l &gt; 0</c>, stably inactive <c>u &lt; 0</c>, averaged over ReLU layers) are the training
/// pass's; the regularizer terms are null outside the warmup. Verified errors are IBP's (the trainer's test pass);
/// <see cref="PgdError"/> is the test PGD error at the epoch's eps, an attack's lower bound on the robust error, null in
/// epochs that did not measure it (spec group pgd). <see cref="ValidationCleanError"/> and
/// <see cref="ValidationVerifiedError"/> are the validation split's pass (held out of the training set), present when the
/// trial selects on it; the selection figures are then those, else the test pass's.
/// </summary>
public sealed record EpochRow(
    int Epoch,
    double Eps,
    double EpsMax,
    double LearningRate,
    double TrainCleanError,
    double TestCleanError,
    double? TrainVerifiedError,
    double? TestVerifiedError,
    double? RobustLoss,
    double? TightnessLoss,
    double? ReluLoss,
    double? ActiveReluShare,
    double? InactiveReluShare,
    double ImagesPerSecond,
    double? PgdError = null,
    double? ValidationCleanError = null,
    double? ValidationVerifiedError = null)
{
    /// <summary>Whether this epoch's test pass ran at the full eps (the only epochs a trial is ranked by).</summary>
    public bool AtFullEps => EpsMax > 0 && Eps >= EpsMax * (1 - 1e-9);

    /// <summary>Whether the epoch has a validation pass, which then picks the best epoch and ranks in place of the test pass.</summary>
    public bool OnValidation => ValidationCleanError is not null;

    /// <summary>The clean error on the selection split: validation when the epoch has it, else test.</summary>
    public double SelectionCleanError => ValidationCleanError ?? TestCleanError;

    /// <summary>The verified error (IBP) on the selection split, at the epoch's eps; null when that pass computed no bounds.</summary>
    public double? SelectionVerifiedError => OnValidation ? ValidationVerifiedError : TestVerifiedError;
}
