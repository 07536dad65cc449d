namespace Certsweep.Client.Reports;

/// <summary>A trial's best checkpoint (epoch <paramref name="Epoch"/>) certified at full eps by IBP and by full CROWN
/// (<c>final_certify: crown</c>); errors are fractions in [0, 1].</summary>
public sealed record CrownCertification(int Epoch, double IbpVerifiedError, double CrownVerifiedError);
