using System.Collections.Concurrent;
using Certsweep.Training.Models;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace Certsweep.Training.Data;

/// <summary>
/// Tiny-ImageNet (200 classes of 64x64 colour images) in its standard folder layout, as the official
/// <c>tiny-imagenet-200.zip</c> unpacks: <c>wnids.txt</c> (one WordNet id per class),
/// <c>train/&lt;wnid&gt;/images/*.JPEG</c>, <c>val/images/*.JPEG</c> with <c>val/val_annotations.txt</c>
/// (file, wnid, box, tab-separated). The validation set is the test split, as in the reference. Class
/// indices follow the sorted WordNet ids and samples the sorted file names, as the reference's
/// ImageFolder orders them, so exported models keep their class order.
/// </summary>
public static class TinyImageNetDataset
{
    public const string ArchiveDirectory = "tiny-imagenet-200";
    public const string ClassListFile = "wnids.txt";
    public const string ValidationAnnotations = "val_annotations.txt";
    public const int Classes = 200;
    public static readonly ImageShape Shape = new(3, 64);

    public static string Layout =>
        $"{ClassListFile}, train/<wnid>/images/*.JPEG, val/images/*.JPEG and val/{ValidationAnnotations} (in DIR or DIR/{ArchiveDirectory})";

    public static string? Locate(IEnumerable<string> candidates) =>
        candidates
            .SelectMany(directory => new[] { directory, Path.Combine(directory, ArchiveDirectory) })
            .FirstOrDefault(directory =>
                File.Exists(Path.Combine(directory, ClassListFile)) &&
                Directory.Exists(Path.Combine(directory, "train")) &&
                File.Exists(Path.Combine(directory, "val", ValidationAnnotations)));

    public static DataSplit Load(DatasetInfo info, string directory)
    {
        var classes = ReadClasses(directory);
        var train = Decode(info, TrainingSamples(directory, classes), info.TrainAugmentation);
        try
        {
            return new DataSplit(train, Decode(info, ValidationSamples(directory, classes), null));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    public static ImageDataset LoadTest(DatasetInfo info, string directory) =>
        Decode(info, ValidationSamples(directory, ReadClasses(directory)), null);

    private static Dictionary<string, int> ReadClasses(string directory)
    {
        var path = Path.Combine(directory, ClassListFile);
        var ids = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (ids.Count != Classes || ids.Distinct(StringComparer.Ordinal).Count() != Classes)
        {
            throw new DatasetException($"'{path}' lists {ids.Count} WordNet ids ({ids.Distinct(StringComparer.Ordinal).Count()} distinct); expected the {Classes} distinct class ids of Tiny-ImageNet.");
        }

        return ids.Order(StringComparer.Ordinal).Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);
    }

    private static List<(string Path, long Label)> TrainingSamples(string directory, Dictionary<string, int> classes)
    {
        var samples = new List<(string, long)>();
        foreach (var (id, label) in classes.OrderBy(c => c.Value))
        {
            var classDirectory = Path.Combine(directory, "train", id);
            var images = Path.Combine(classDirectory, "images");
            var folder = Directory.Exists(images) ? images : classDirectory;
            if (!Directory.Exists(folder))
            {
                throw new DatasetException($"Tiny-ImageNet class folder '{images}' is missing; expected {Layout}.");
            }

            var files = ImageFiles(folder);
            if (files.Count == 0)
            {
                throw new DatasetException($"Tiny-ImageNet class folder '{folder}' holds no .JPEG images; expected {Layout}.");
            }

            samples.AddRange(files.Select(f => (f, (long)label)));
        }

        return samples;
    }

    private static List<(string Path, long Label)> ValidationSamples(string directory, Dictionary<string, int> classes)
    {
        var annotations = Path.Combine(directory, "val", ValidationAnnotations);
        var samples = new List<(string Path, long Label)>();
        var lines = File.ReadAllLines(annotations);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var fields = lines[i].Split('\t', StringSplitOptions.TrimEntries);
            if (fields.Length < 2 || !classes.TryGetValue(fields[1], out var label))
            {
                throw new DatasetException(
                    $"'{annotations}' line {i + 1} is '{lines[i]}'; expected a file name and one of the WordNet ids of {ClassListFile}, tab-separated.");
            }

            samples.Add((Path.Combine(directory, "val", "images", fields[0]), label));
        }

        if (samples.Count == 0)
        {
            throw new DatasetException($"'{annotations}' lists no validation images; expected one line per image of val/images.");
        }

        return samples.OrderBy(s => s.Label).ThenBy(s => Path.GetFileName(s.Path), StringComparer.Ordinal).ToList();
    }

    private static List<string> ImageFiles(string folder) =>
        Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f).Equals(".jpeg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Decodes every image (in parallel) into one byte tensor [N, 3, 64, 64].</summary>
    private static ImageDataset Decode(DatasetInfo info, List<(string Path, long Label)> samples, Augmentation? augmentation)
    {
        var side = Shape.Size;
        var plane = side * side;
        var imageSize = Shape.Channels * plane;
        var pixels = new byte[(long)samples.Count * imageSize];
        var failures = new ConcurrentBag<DatasetException>();
        Parallel.For(0, samples.Count, (index, state) =>
        {
            var path = samples[index].Path;
            try
            {
                using var image = Image.Load<Rgb24>(path);
                if (image.Width != side || image.Height != side)
                {
                    throw new DatasetException($"Tiny-ImageNet image '{path}' is {image.Width}x{image.Height}; expected {side}x{side}.");
                }

                var rgb = new Rgb24[plane];
                image.CopyPixelDataTo(rgb);
                var target = pixels.AsSpan(index * imageSize, imageSize);
                for (var p = 0; p < plane; p++)
                {
                    target[p] = rgb[p].R;
                    target[plane + p] = rgb[p].G;
                    target[2 * plane + p] = rgb[p].B;
                }
            }
            catch (Exception e) when (e is DatasetException or IOException or UnauthorizedAccessException or ImageFormatException)
            {
                failures.Add(e as DatasetException ?? new DatasetException($"Tiny-ImageNet image '{path}' cannot be decoded ({e.Message}); expected a 64x64 JPEG.", e));
                state.Stop();
            }
        });
        if (failures.TryPeek(out var failure))
        {
            throw failure;
        }

        var labels = samples.Select(s => s.Label).ToArray();
        return new ImageDataset(info.Name, Shape, Classes, info.Normalization,
            tensor(pixels, ScalarType.Byte).reshape(samples.Count, Shape.Channels, side, side), tensor(labels), augmentation);
    }
}
