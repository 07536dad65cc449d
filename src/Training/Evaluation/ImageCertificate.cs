namespace Certsweep.Training.Evaluation;

/// <summary>One test image: its index in the data set, label, clean prediction, and a certificate per requested
/// bound kind (in the order requested).</summary>
public sealed record ImageCertificate(long Index, long Label, long Prediction, IReadOnlyList<BoundCertificate> Bounds)
{
    public bool Correct => Prediction == Label;
}
