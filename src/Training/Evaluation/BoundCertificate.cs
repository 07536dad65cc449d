using Certsweep.Training.Bounds;

namespace Certsweep.Training.Evaluation;

/// <summary>One image under one bound kind: certified (classified correctly and every margin lower bound
/// non-negative) and the smallest margin lower bound.</summary>
public sealed record BoundCertificate(BoundKind Kind, bool Certified, double WorstMarginLower);
