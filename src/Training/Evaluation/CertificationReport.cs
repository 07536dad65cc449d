namespace Certsweep.Training.Evaluation;

/// <summary>What <see cref="CertifiedEvaluator"/> found: every image's certificates and each bound kind's totals,
/// at <paramref name="Eps"/> (raw pixel units).</summary>
public sealed record CertificationReport(double Eps, IReadOnlyList<ImageCertificate> Images, IReadOnlyList<BoundTotals> Totals);
