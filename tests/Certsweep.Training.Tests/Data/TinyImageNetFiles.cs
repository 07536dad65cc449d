using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Certsweep.Training.Tests.Data;

/// <summary>
/// Writes a small Tiny-ImageNet in the official layout: <c>wnids.txt</c> with 200 ids (listed unsorted, as the
/// official file is), <c>train/&lt;wnid&gt;/images/&lt;wnid&gt;_k.JPEG</c>, <c>val/images/val_k.JPEG</c> and a
/// tab-separated <c>val/val_annotations.txt</c>. Every image is a real 64x64 JPEG of one solid colour that
/// encodes its class, so a decoded pixel tells which file it came from.
/// </summary>
internal sealed class TinyImageNetFiles
{
    public const int Classes = 200;

    public TinyImageNetFiles(string root, int trainPerClass, int validation)
    {
        Root = root;
        Ids = Enumerable.Range(0, Classes).Select(i => $"n{(7919L * i + 1000) % 100000:D8}").ToArray();
        Directory.CreateDirectory(root);
        File.WriteAllLines(Path.Combine(root, "wnids.txt"), Ids);
        foreach (var id in Ids)
        {
            var images = Path.Combine(root, "train", id, "images");
            Directory.CreateDirectory(images);
            File.WriteAllText(Path.Combine(root, "train", id, id + "_boxes.txt"), string.Empty);
            for (var k = 0; k < trainPerClass; k++)
            {
                WriteJpeg(Path.Combine(images, $"{id}_{k}.JPEG"), ColourOf(id, k));
            }
        }

        var valImages = Path.Combine(root, "val", "images");
        Directory.CreateDirectory(valImages);
        var annotations = new List<string>();
        for (var k = 0; k < validation; k++)
        {
            var id = Ids[(k * 37) % Classes];
            WriteJpeg(Path.Combine(valImages, $"val_{k}.JPEG"), ColourOf(id, 0));
            annotations.Add($"val_{k}.JPEG\t{id}\t0\t0\t63\t63");
            Validation.Add(($"val_{k}.JPEG", id));
        }

        File.WriteAllLines(Path.Combine(root, "val", "val_annotations.txt"), annotations);
    }

    public string Root { get; }

    /// <summary>WordNet ids in the order wnids.txt lists them (not sorted).</summary>
    public string[] Ids { get; }

    public List<(string File, string Id)> Validation { get; } = new();

    /// <summary>Class index as the reference's ImageFolder assigns it: position among the sorted ids.</summary>
    public int LabelOf(string id) => Ids.Order(StringComparer.Ordinal).ToList().IndexOf(id);

    /// <summary>A colour unique to the class (red and green) and the sample (blue).</summary>
    public static Rgb24 ColourOf(string id, int sample)
    {
        var number = int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture);
        return new Rgb24((byte)(number % 251), (byte)(number / 251 % 251), (byte)(40 + 60 * sample));
    }

    public static void WriteJpeg(string path, Rgb24 colour, int width = 64, int height = 64)
    {
        using var image = new Image<Rgb24>(width, height, colour);
        image.SaveAsJpeg(path, new JpegEncoder { Quality = 100 });
    }
}
