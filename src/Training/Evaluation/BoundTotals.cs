using Certsweep.Training.Bounds;

namespace Certsweep.Training.Evaluation;

/// <summary>
/// Totals of one bound kind over an evaluation: errors are shares of <paramref name="Samples"/>; a misclassified
/// image counts as not verified. <paramref name="Seconds"/> is the time spent on this kind's bounds: for IBP the
/// joint clean and interval pass, for CROWN-IBP and CROWN what they add to it.
/// </summary>
public sealed record BoundTotals(BoundKind Kind, long Samples, long Misclassified, long NotVerified, double Seconds)
{
    public double CleanError => Samples == 0 ? 0 : (double)Misclassified / Samples;

    public double VerifiedError => Samples == 0 ? 0 : (double)NotVerified / Samples;
}
