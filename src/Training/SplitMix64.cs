namespace Certsweep.Training;

/// <summary>
/// The SplitMix64 generator: a tiny, fully specified PRNG whose output does not depend on the .NET or
/// libtorch version. Used for synthetic data and to derive per-epoch seeds from a trial seed, so that a
/// resumed trial draws exactly what an uninterrupted one would.
/// </summary>
public sealed class SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A seed for one purpose (e.g. shuffling) of one epoch of one trial.</summary>
    public static ulong Derive(long trialSeed, long purpose, long index)
    {
        var mixer = new SplitMix64(unchecked((ulong)trialSeed));
        var a = mixer.Next() ^ unchecked((ulong)purpose * 0xD6E8FEB86659FD93UL);
        var b = new SplitMix64(a).Next() ^ unchecked((ulong)index * 0x9E3779B97F4A7C15UL);
        return new SplitMix64(b).Next();
    }
}
