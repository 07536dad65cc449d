using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Data;

/// <summary>
/// A small, deterministic, learnable image set for tests and smoke runs: each class is a fixed pattern of
/// bright rectangles on a dark 1x16x16 canvas; samples vary its brightness and add pixel noise.
/// </summary>
public static class SyntheticDataset
{
    public const string Name = "synthetic";
    public const int Classes = 10;
    public static readonly ImageShape Shape = new(1, 16);

    public static DatasetInfo Info => new(Name, Shape, Classes, Normalization.Identity(1), "synthetic 10-class 1x16x16 patterns (tests)");

    public static DataSplit Create(int trainCount = 2048, int testCount = 512, ulong seed = 20211206)
    {
        var prototypes = Prototypes(new SplitMix64(seed));
        return new DataSplit(
            Sample(prototypes, trainCount, new SplitMix64(seed + 1)),
            Sample(prototypes, testCount, new SplitMix64(seed + 2)));
    }

    private static double[][] Prototypes(SplitMix64 random)
    {
        var side = Shape.Size;
        var result = new double[Classes][];
        for (var c = 0; c < Classes; c++)
        {
            var canvas = new double[side * side];
            for (var rect = 0; rect < 3; rect++)
            {
                var x0 = (int)(random.NextDouble() * (side - 4));
                var y0 = (int)(random.NextDouble() * (side - 4));
                var w = 2 + (int)(random.NextDouble() * 5);
                var h = 2 + (int)(random.NextDouble() * 5);
                for (var y = y0; y < Math.Min(side, y0 + h); y++)
                {
                    for (var x = x0; x < Math.Min(side, x0 + w); x++)
                    {
                        canvas[y * side + x] = 1.0;
                    }
                }
            }

            result[c] = canvas;
        }

        return result;
    }

    private static ImageDataset Sample(double[][] prototypes, int count, SplitMix64 random)
    {
        var pixelsPerImage = Shape.Size * Shape.Size;
        var pixels = new byte[count * pixelsPerImage];
        var labels = new long[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % Classes;
            labels[i] = label;
            var brightness = 0.6 + 0.4 * random.NextDouble();
            for (var p = 0; p < pixelsPerImage; p++)
            {
                var value = prototypes[label][p] * brightness + 0.25 * random.NextDouble();
                pixels[i * pixelsPerImage + p] = (byte)Math.Round(255 * Math.Clamp(value, 0, 1));
            }
        }

        return new ImageDataset(Name, Shape, Classes, Normalization.Identity(1),
            tensor(pixels, ScalarType.Byte).reshape(count, 1, Shape.Size, Shape.Size), tensor(labels));
    }
}
