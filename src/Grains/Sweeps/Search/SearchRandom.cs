namespace Certsweep.Grains.Sweeps.Search;

/// <summary>
/// The searchers' random numbers: SplitMix64 over a state mixed from a seed and a stream number (searchers use the
/// trial's index as the stream, so the point suggested for a trial depends on the seed, the index and the
/// observations, not on how many points an earlier activation drew). Fixed by its definition, unlike
/// <see cref="System.Random"/>, whose sequence .NET does not promise to keep.
/// </summary>
public sealed class SearchRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    public SearchRandom(int seed, int stream)
    {
        _state = Mix(((ulong)(uint)seed << 32) | (uint)stream);
    }

    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform over 0 .. <paramref name="count"/> - 1.</summary>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (int)(Next() % (ulong)count);
    }

    /// <summary>A standard normal number (Box-Muller).</summary>
    public double NextGaussian()
    {
        var u = 1.0 - NextDouble();
        var v = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    private ulong Next()
    {
        _state += Golden;
        return Mix(_state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
