namespace Certsweep.Training.Data;

/// <summary>
/// Per-channel input normalization <c>(x - mean) / std</c> of pixels in [0, 1], and what it implies for
/// the threat model (docs/method.md §1): the valid range <c>[(0-mean)/std, (1-mean)/std]</c> and the
/// per-channel radius <c>eps / std</c>.
/// </summary>
public sealed record Normalization(IReadOnlyList<double> Mean, IReadOnlyList<double> Std)
{
    /// <summary>No normalization (mean 0, std 1), as the reference uses for MNIST.</summary>
    public static Normalization Identity(int channels) =>
        new(Enumerable.Repeat(0.0, channels).ToArray(), Enumerable.Repeat(1.0, channels).ToArray());

    public int Channels => Mean.Count;

    public float[] DataMin => Mean.Zip(Std, (m, s) => (float)((0 - m) / s)).ToArray();

    public float[] DataMax => Mean.Zip(Std, (m, s) => (float)((1 - m) / s)).ToArray();

    public float[] EpsPerChannel(double eps) => Std.Select(s => (float)(eps / s)).ToArray();

    public bool Equals(Normalization? other) =>
        other is not null && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    public override int GetHashCode() => HashCode.Combine(Mean.Count, Mean.FirstOrDefault(), Std.FirstOrDefault());
}
