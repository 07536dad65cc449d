namespace Certsweep.Contracts.Trials;

/// <summary>
/// A completed trial's best checkpoint certified at full eps on the whole test set by IBP and by full CROWN
/// (<c>final_certify: crown</c>, docs/method.md §8). Errors are shares of <see cref="Samples"/>; a misclassified image
/// counts as not verified by either verifier. <see cref="CrownSeconds"/> is what CROWN took beyond the IBP pass.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FinalCertificate(
    [property: Id(0)] int Epoch,
    [property: Id(1)] double Eps,
    [property: Id(2)] long Samples,
    [property: Id(3)] double CleanError,
    [property: Id(4)] double IbpVerifiedError,
    [property: Id(5)] double CrownVerifiedError,
    [property: Id(6)] double CrownSeconds);
