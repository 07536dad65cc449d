using System.Buffers.Binary;

namespace Certsweep.Client.Tests;

/// <summary>Reads a PNG file's signature and header chunk, failing the test when it is not a PNG.</summary>
public static class PngImage
{
    private static readonly byte[] Signature = { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };

    public static (int Width, int Height, long Bytes) Read(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} is too short for a PNG ({bytes.Length} bytes)");
        Assert.Equal(Signature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        var width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 8, 4));
        return (width, height, bytes.Length);
    }

    /// <summary>
    /// A real plot: at least 600x400 pixels, not a near-empty file, and for every colour family in
    /// <paramref name="families"/> (hex RGB colours, e.g. a method's shades) lines drawn in one of its colours.
    /// </summary>
    public static void AssertPlot(string path, params IReadOnlyCollection<string>[] families)
    {
        var (width, height, size) = Read(path);
        var name = Path.GetFileName(path);
        Assert.True(width >= 600 && height >= 400, $"{name} is {width}x{height}");
        Assert.True(size > 10_000, $"{name} has only {size} bytes: is it blank?");
        foreach (var family in families)
        {
            Assert.True(CountPixels(path, family) >= 200, $"{name} has (almost) no pixels of {string.Join(", ", family)}: the series drawn in them are missing");
        }
    }

    /// <summary>Pixels of exactly one of the given hex RGB colours (decoded with SkiaSharp, which ScottPlot renders with).</summary>
    public static int CountPixels(string path, IReadOnlyCollection<string> hexColors)
    {
        var targets = hexColors.Select(h => SkiaSharp.SKColor.Parse(h)).Select(c => (c.Red, c.Green, c.Blue)).ToHashSet();
        using var bitmap = SkiaSharp.SKBitmap.Decode(path);
        return bitmap.Pixels.Count(p => targets.Contains((p.Red, p.Green, p.Blue)));
    }
}
