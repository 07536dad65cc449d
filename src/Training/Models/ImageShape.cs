namespace Certsweep.Training.Models;

/// <summary>Shape of one input image: channels and a square side.</summary>
public sealed record ImageShape(int Channels, int Size)
{
    public long[] BatchShape(long batch) => new[] { batch, Channels, (long)Size, Size };

    public override string ToString() => $"{Channels}x{Size}x{Size}";
}
