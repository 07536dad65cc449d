namespace Certsweep.Training.Loop;

/// <summary>
/// Sample-weighted sums over the batches of one pass. Plain settable properties so a mid-epoch checkpoint
/// can carry a partial training pass.
/// </summary>
public sealed class PassAccumulator
{
    public long Samples { get; set; }

    public double NaturalLoss { get; set; }

    public double Loss { get; set; }

    public long CleanWrong { get; set; }

    public long BoundSamples { get; set; }

    public double RobustLoss { get; set; }

    public long Unverified { get; set; }

    public double ActiveReluShare { get; set; }

    public double InactiveReluShare { get; set; }

    public long RegularizedSamples { get; set; }

    public double TightnessLoss { get; set; }

    public double ReluLoss { get; set; }

    public double RegularizerLoss { get; set; }

    public void Add(BatchMeasurement m)
    {
        Samples += m.Samples;
        NaturalLoss += m.NaturalLoss * m.Samples;
        Loss += m.Loss * m.Samples;
        CleanWrong += m.CleanWrong;
        if (m.Unverified is { } unverified)
        {
            BoundSamples += m.Samples;
            RobustLoss += m.RobustLoss!.Value * m.Samples;
            Unverified += unverified;
            ActiveReluShare += m.ActiveReluShare!.Value * m.Samples;
            InactiveReluShare += m.InactiveReluShare!.Value * m.Samples;
        }

        if (m.RegularizerLoss is { } regularizer)
        {
            RegularizedSamples += m.Samples;
            TightnessLoss += m.TightnessLoss!.Value * m.Samples;
            ReluLoss += m.ReluLoss!.Value * m.Samples;
            RegularizerLoss += regularizer * m.Samples;
        }
    }

    public PassMetrics ToMetrics()
    {
        double? OverBounds(double sum) => BoundSamples == 0 ? null : sum / BoundSamples;
        double? OverRegularized(double sum) => RegularizedSamples == 0 ? null : sum / RegularizedSamples;
        var samples = Math.Max(Samples, 1);
        return new PassMetrics(
            Samples,
            (double)CleanWrong / samples,
            OverBounds(Unverified),
            NaturalLoss / samples,
            OverBounds(RobustLoss),
            Loss / samples,
            OverRegularized(TightnessLoss),
            OverRegularized(ReluLoss),
            OverRegularized(RegularizerLoss),
            OverBounds(ActiveReluShare),
            OverBounds(InactiveReluShare));
    }
}
