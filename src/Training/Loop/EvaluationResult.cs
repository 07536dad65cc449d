namespace Certsweep.Training.Loop;

/// <summary>Counts of one evaluation pass; errors are shares of <paramref name="Samples"/>.</summary>
public sealed record EvaluationResult(long Samples, long Misclassified, long NotVerified, double Eps)
{
    public double CleanError => Samples == 0 ? 0 : (double)Misclassified / Samples;

    public double VerifiedError => Samples == 0 ? 0 : (double)NotVerified / Samples;
}
