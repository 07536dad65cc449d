namespace Certsweep.Grains;

/// <summary>The grain storage provider every certsweep grain persists to (memory or Redis, chosen by the silo host).</summary>
public static class CertsweepStorage
{
    public const string Name = "certsweep";
}
