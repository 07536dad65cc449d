using Certsweep.Training.Models;

namespace Certsweep.Training.Data;

/// <summary>
/// Training-set augmentation of docs/method.md §5, as the reference's transforms: a horizontal flip with
/// probability 1/2, then a random crop of the original size from the image padded by
/// <see cref="CropPadding"/> pixels that repeat its edge. Applied to byte images; every draw comes from the
/// generator handed in, so a batch is augmented the same way however often it is rebuilt (exact resume).
/// </summary>
public sealed record Augmentation(int CropPadding, bool HorizontalFlip)
{
    public static Augmentation None { get; } = new(0, false);

    public bool IsIdentity => CropPadding == 0 && !HorizontalFlip;

    /// <summary>Augments <paramref name="count"/> images [C, H, W] laid out one after another.</summary>
    public byte[] Apply(ReadOnlySpan<byte> images, int count, ImageShape shape, SplitMix64 random)
    {
        var side = shape.Size;
        var plane = side * side;
        var imageSize = shape.Channels * plane;
        if (images.Length != count * imageSize)
        {
            throw new ArgumentException($"{images.Length} bytes are not {count} images of {shape}.");
        }

        var output = new byte[images.Length];
        var sourceRows = new int[side];
        var sourceColumns = new int[side];
        for (var image = 0; image < count; image++)
        {
            var flip = HorizontalFlip && random.NextDouble() < 0.5;
            var top = Offset(random);
            var left = Offset(random);
            for (var i = 0; i < side; i++)
            {
                sourceRows[i] = Math.Clamp(i + top - CropPadding, 0, side - 1);
                var column = Math.Clamp(i + left - CropPadding, 0, side - 1);
                sourceColumns[i] = flip ? side - 1 - column : column;
            }

            var source = images.Slice(image * imageSize, imageSize);
            var target = output.AsSpan(image * imageSize, imageSize);
            for (var channel = 0; channel < shape.Channels; channel++)
            {
                for (var y = 0; y < side; y++)
                {
                    var sourceRow = source.Slice(channel * plane + sourceRows[y] * side, side);
                    var targetRow = target.Slice(channel * plane + y * side, side);
                    for (var x = 0; x < side; x++)
                    {
                        targetRow[x] = sourceRow[sourceColumns[x]];
                    }
                }
            }
        }

        return output;
    }

    /// <summary>A crop offset in [0, 2 * padding] into the padded image.</summary>
    private int Offset(SplitMix64 random) => CropPadding == 0 ? 0 : (int)(random.NextDouble() * (2 * CropPadding + 1));
}
