namespace Certsweep.Training.Evaluation;

/// <summary>
/// A completed trial's best checkpoint certified at full eps on the whole test set by IBP and by full CROWN
/// (<c>final_certify: crown</c>, docs/method.md §8). Errors are shares of <paramref name="Samples"/>; a misclassified
/// image counts as not verified for both. <paramref name="CrownSeconds"/> is what CROWN took beyond the IBP pass.
/// </summary>
public sealed record BestCheckpointCertificate(
    int Epoch, double Eps, long Samples, double CleanError, double IbpVerifiedError, double CrownVerifiedError, double CrownSeconds);
