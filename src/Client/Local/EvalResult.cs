namespace Certsweep.Client.Local;

/// <summary>What <c>certsweep eval --output json</c> prints: the network and test set, the clean error, and per
/// bound kind the verified error and the seconds its bounds took (<see cref="EvalBound"/>); where the per-image
/// file went, if one was asked for.</summary>
public sealed record EvalResult(
    string File,
    string Model,
    string Dataset,
    double Eps,
    long Samples,
    double CleanError,
    string Device,
    IReadOnlyList<EvalBound> Bounds,
    string? PerImage);

/// <summary>One bound kind's verified error in <see cref="EvalResult"/>: the share of test images that are
/// misclassified or not certified by that kind (<c>ibp</c>, <c>crown-ibp</c>, <c>crown</c>).</summary>
public sealed record EvalBound(string Bound, double VerifiedError, long Certified, double Seconds);
