namespace Certsweep.Benchmarks;

/// <summary>
/// A stand-in trial for the early-stopping simulation: the test verified error it reports after each epoch, replayed
/// from a drawn curve instead of trained. Eps ramps linearly to its maximum over the first <see cref="Warmup"/>
/// epochs. The error the trial would have at full eps decays with all epochs trained, from a start value towards a
/// trial-specific asymptote at a trial-specific rate; right after the ramp ends it sits a little above that (the
/// model is still adjusting to the full eps) and settles within a few epochs. During the ramp the error is measured
/// at the smaller eps: between the clean error and the full-eps error, the lower the smaller eps is. Every epoch
/// adds measurement noise. The trial's epochs take <see cref="EpochSeconds"/> each (models differ in speed).
/// </summary>
public sealed class SyntheticLearningCurve
{
    public const double EpsMax = 0.1;
    private const double Noise = 0.008;
    private const double SettlingBump = 0.04;
    private const double SettlingEpochs = 2;

    private readonly double[] _verified;

    private SyntheticLearningCurve(int warmup, double asymptote, double[] verified, double epochSeconds)
    {
        Warmup = warmup;
        Asymptote = asymptote;
        _verified = verified;
        EpochSeconds = epochSeconds;
    }

    public int Warmup { get; }

    public int Epochs => _verified.Length;

    /// <summary>The error the trial tends to at full eps (what decides the true ranking, with the noise).</summary>
    public double Asymptote { get; }

    public double EpochSeconds { get; }

    /// <summary>Eps at the end of epoch <paramref name="epoch"/> (from 1).</summary>
    public double Eps(int epoch) => EpsMax * Math.Min(1.0, (double)epoch / Warmup);

    /// <summary>The test verified error reported after epoch <paramref name="epoch"/> (from 1), at that epoch's eps.</summary>
    public double VerifiedError(int epoch) => _verified[epoch - 1];

    /// <summary>The lowest verified error at full eps over all epochs: the trial's result when it runs to the end.</summary>
    public double BestAtFullEps() => Enumerable.Range(Warmup, Epochs - Warmup + 1).Min(VerifiedError);

    /// <summary>
    /// Draws a curve. <paramref name="warmupPenalty"/> raises the asymptote (a sweep's warmup lengths are not equally
    /// good); the rest of the asymptote, the start value and the rate are the trial's own (its lambda, seed, model).
    /// </summary>
    public static SyntheticLearningCurve Draw(Random random, int epochs, int warmup, double warmupPenalty)
    {
        var asymptote = 0.30 + 0.06 * Normal(random) + warmupPenalty;
        var start = asymptote + 0.20 + 0.15 * random.NextDouble();
        var rate = 4 + 12 * random.NextDouble();
        var clean = 0.08 + 0.04 * random.NextDouble();
        var verified = new double[epochs];
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var full = asymptote + (start - asymptote) * Math.Exp(-epoch / rate);
            var value = epoch >= warmup
                ? full + SettlingBump * Math.Exp(-(epoch - warmup) / SettlingEpochs)
                : clean + Math.Pow((double)epoch / warmup, 1.5) * (full - clean);
            verified[epoch - 1] = Math.Clamp(value + Noise * Normal(random), 0, 1);
        }

        return new SyntheticLearningCurve(warmup, asymptote, verified, 0.8 + 0.45 * random.NextDouble());
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
