using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Data;

/// <summary>MNIST and Fashion-MNIST in their IDX distribution: four files, each raw or gzip-compressed.</summary>
public static class MnistFormatDataset
{
    public static readonly ImageShape Shape = new(1, 28);

    private static readonly (string Split, string Images, string Labels)[] Files =
    {
        ("train", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
        ("test", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
    };

    /// <summary>What a directory must hold; for error messages and <c>data list</c>.</summary>
    public static string Layout =>
        string.Join(", ", Files.SelectMany(f => new[] { f.Images, f.Labels }).Select(n => n + "(.gz)"));

    /// <summary>The first of <paramref name="candidates"/> holding all four files, or null.</summary>
    public static string? FindDirectory(IEnumerable<string> candidates) =>
        candidates.FirstOrDefault(dir => Files.All(f => Resolve(dir, f.Images) is not null && Resolve(dir, f.Labels) is not null));

    public static DataSplit Load(DatasetInfo info, string directory)
    {
        var train = LoadSplit(info, directory, Files[0]);
        try
        {
            return new DataSplit(train, LoadSplit(info, directory, Files[1]));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    public static ImageDataset LoadTest(DatasetInfo info, string directory) => LoadSplit(info, directory, Files[1]);

    private static ImageDataset LoadSplit(DatasetInfo info, string directory, (string Split, string Images, string Labels) files)
    {
        var imagePath = Resolve(directory, files.Images) ?? throw Missing(directory, files.Images);
        var labelPath = Resolve(directory, files.Labels) ?? throw Missing(directory, files.Labels);
        var (imageDims, pixels) = IdxFile.Read(imagePath, expectedRank: 3);
        var (labelDims, labelBytes) = IdxFile.Read(labelPath, expectedRank: 1);
        if (imageDims[1] != Shape.Size || imageDims[2] != Shape.Size)
        {
            throw new DatasetException($"'{imagePath}' holds {imageDims[1]}x{imageDims[2]} images; {info.Name} expects {Shape.Size}x{Shape.Size}.");
        }

        if (labelDims[0] != imageDims[0])
        {
            throw new DatasetException($"'{labelPath}' has {labelDims[0]} labels but '{imagePath}' has {imageDims[0]} images; expected one label per image.");
        }

        var badLabel = Array.FindIndex(labelBytes, l => l >= info.Classes);
        if (badLabel >= 0)
        {
            throw new DatasetException($"'{labelPath}' has label {labelBytes[badLabel]} at index {badLabel}; expected 0..{info.Classes - 1}.");
        }

        var images = tensor(pixels, ScalarType.Byte).reshape(imageDims[0], 1, Shape.Size, Shape.Size);
        var labels = tensor(labelBytes, ScalarType.Byte).to_type(ScalarType.Int64);
        return new ImageDataset(info.Name, Shape, info.Classes, info.Normalization, images, labels);
    }

    private static string? Resolve(string directory, string baseName) =>
        new[] { baseName, baseName + ".gz" }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);

    private static DatasetException Missing(string directory, string baseName) =>
        new($"'{Path.Combine(directory, baseName)}' (or .gz) is missing; expected the four IDX files of MNIST-format data there.");
}
