using Certsweep.Training.Data;
using Certsweep.Training.Models;

namespace Certsweep.Training.Tests.Data;

public sealed class AugmentationTests
{
    private static readonly ImageShape Shape = new(2, 5);

    [Fact]
    public void EveryOutputIsAnEdgePaddedCropOfTheImageOrOfItsMirror()
    {
        var images = Pattern(count: 64);
        var augmentation = new Augmentation(CropPadding: 2, HorizontalFlip: true);

        var output = augmentation.Apply(images, 64, Shape, new SplitMix64(9));

        var seen = new HashSet<(bool, int, int)>();
        for (var i = 0; i < 64; i++)
        {
            var source = images.AsSpan(i * 50, 50).ToArray();
            var match = Candidates(source, 2).Where(c => c.Image.AsSpan().SequenceEqual(output.AsSpan(i * 50, 50))).ToList();
            Assert.True(match.Count > 0, $"image {i} is no flip/crop of its source");
            seen.Add(match[0].Key);
        }

        Assert.Contains(seen, k => k.Item1);
        Assert.Contains(seen, k => !k.Item1);
        Assert.True(seen.Select(k => k.Item2).Distinct().Count() == 5, "every vertical offset 0..4 is drawn");
    }

    [Fact]
    public void SameDrawsGiveTheSameBatch()
    {
        var images = Pattern(count: 8);
        var augmentation = new Augmentation(4, true);
        Assert.Equal(augmentation.Apply(images, 8, Shape, new SplitMix64(3)), augmentation.Apply(images, 8, Shape, new SplitMix64(3)));
        Assert.NotEqual(augmentation.Apply(images, 8, Shape, new SplitMix64(3)), augmentation.Apply(images, 8, Shape, new SplitMix64(4)));
    }

    [Fact]
    public void NoneLeavesImagesAlone()
    {
        var images = Pattern(count: 3);
        Assert.Equal(images, Augmentation.None.Apply(images, 3, Shape, new SplitMix64(1)));
    }

    /// <summary>Distinct bytes everywhere, so a crop identifies its offsets.</summary>
    private static byte[] Pattern(int count) => Enumerable.Range(0, count * 50).Select(i => (byte)(i % 50 + 1)).ToArray();

    /// <summary>Every flip/offset result, computed the slow, obvious way: pad by repeating edges, then cut.</summary>
    private static IEnumerable<((bool Flip, int Top, int Left) Key, byte[] Image)> Candidates(byte[] image, int padding)
    {
        const int side = 5;
        foreach (var flip in new[] { false, true })
        {
            for (var top = 0; top <= 2 * padding; top++)
            {
                for (var left = 0; left <= 2 * padding; left++)
                {
                    var result = new byte[image.Length];
                    for (var c = 0; c < 2; c++)
                    {
                        for (var y = 0; y < side; y++)
                        {
                            for (var x = 0; x < side; x++)
                            {
                                var py = Math.Clamp(y + top - padding, 0, side - 1);
                                var px = Math.Clamp(x + left - padding, 0, side - 1);
                                var sx = flip ? side - 1 - px : px;
                                result[c * 25 + y * side + x] = image[c * 25 + py * side + sx];
                            }
                        }
                    }

                    yield return ((flip, top, left), result);
                }
            }
        }
    }
}
