using Certsweep.Training.Bounds;

namespace Certsweep.Training.Loop;

/// <summary>One finished (and checkpointed) epoch of a trial. <see cref="PgdError"/> is the share of test samples
/// misclassified clean or under the PGD attack at the test pass's eps (an attack's lower bound on the robust error); null
/// in epochs that did not measure it. <see cref="Validation"/> is the validation split's pass when the trial selects on
/// one (then it, not <see cref="Test"/>, decides <see cref="IsBest"/>). <see cref="Bound"/> is the bound that certified
/// its verified errors.</summary>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double Eps,
    double EpsMax,
    double LearningRate,
    PassMetrics Train,
    PassMetrics Test,
    double ImagesPerSecond,
    double TrainSeconds,
    double EpochSeconds,
    bool IsBest,
    BestResult? Best,
    double? PgdError = null,
    PassMetrics? Validation = null)
{
    /// <summary>The bound behind the epoch's verified errors: <see cref="BoundKind.CrownIbp"/> (mixed with IBP) while a
    /// crown-ibp trial's test eps is below eps_max, else <see cref="BoundKind.Ibp"/>.</summary>
    public BoundKind Bound { get; init; } = BoundKind.Ibp;
}
