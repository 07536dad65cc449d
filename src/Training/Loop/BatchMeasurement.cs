namespace Certsweep.Training.Loop;

/// <summary>The scalar outcome of one (micro-)batch, read back from the device in one transfer.</summary>
public sealed record BatchMeasurement(
    long Samples,
    double NaturalLoss,
    double? RobustLoss,
    double Loss,
    double? TightnessLoss,
    double? ReluLoss,
    double? RegularizerLoss,
    long CleanWrong,
    long? Unverified,
    double? ActiveReluShare,
    double? InactiveReluShare)
{
    /// <summary>The first loss term that is NaN or infinite, in the order they enter the loss; null when all are finite.</summary>
    public (string Term, double Value)? FirstNonFinite()
    {
        var terms = new (string, double?)[]
        {
            ("natural_loss", NaturalLoss), ("robust_loss", RobustLoss), ("tightness_loss", TightnessLoss),
            ("relu_loss", ReluLoss), ("regularizer_loss", RegularizerLoss), ("loss", Loss),
        };
        foreach (var (term, value) in terms)
        {
            if (value is { } v && !double.IsFinite(v))
            {
                return (term, v);
            }
        }

        return null;
    }
}
