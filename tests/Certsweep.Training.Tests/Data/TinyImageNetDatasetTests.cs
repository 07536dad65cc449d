using Certsweep.Training.Data;
using SixLabors.ImageSharp.PixelFormats;

namespace Certsweep.Training.Tests.Data;

public sealed class TinyImageNetDatasetTests
{
    [Fact]
    public void LoadsTheStandardLayoutWithImageFolderClassOrder()
    {
        using var directory = new TemporaryDirectory();
        var files = new TinyImageNetFiles(directory.Combine("tiny-imagenet", "tiny-imagenet-200"), trainPerClass: 1, validation: 5);

        using var data = DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.TinyImageNet, directory.Path));

        Assert.Equal(200, data.Train.Count);
        Assert.Equal(new long[] { 200, 3, 64, 64 }, data.Train.RawImages.shape);
        var sorted = files.Ids.Order(StringComparer.Ordinal).ToArray();
        var trainLabels = data.Train.Labels.data<long>().ToArray();
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(i, trainLabels[i]);
            AssertColour(data.Train, i, TinyImageNetFiles.ColourOf(sorted[i], 0));
        }

        Assert.Equal(5, data.Test.Count);
        var expected = files.Validation.OrderBy(v => files.LabelOf(v.Id)).ThenBy(v => v.File, StringComparer.Ordinal).ToList();
        var testLabels = data.Test.Labels.data<long>().ToArray();
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(files.LabelOf(expected[i].Id), testLabels[i]);
            AssertColour(data.Test, i, TinyImageNetFiles.ColourOf(expected[i].Id, 0));
        }

        Assert.Equal(new Augmentation(4, true), data.Train.Augmentation);
        Assert.Equal(new[] { 0.2302, 0.2265, 0.2262 }, data.Train.Normalization.Std);
    }

    [Fact]
    public void ImageOfTheWrongSizeIsAnErrorNamingIt()
    {
        using var directory = new TemporaryDirectory();
        var files = new TinyImageNetFiles(directory.Combine("tiny-imagenet"), trainPerClass: 1, validation: 2);
        var bad = Path.Combine(files.Root, "train", files.Ids[17], "images", files.Ids[17] + "_0.JPEG");
        TinyImageNetFiles.WriteJpeg(bad, new Rgb24(1, 2, 3), width: 32, height: 64);

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.TinyImageNet, directory.Path)));
        Assert.Contains(bad, error.Message);
        Assert.Contains("32x64; expected 64x64", error.Message);
    }

    [Fact]
    public void CorruptJpegIsAnErrorNamingIt()
    {
        using var directory = new TemporaryDirectory();
        var files = new TinyImageNetFiles(directory.Combine("tiny-imagenet"), trainPerClass: 1, validation: 2);
        var bad = Path.Combine(files.Root, "val", "images", "val_1.JPEG");
        File.WriteAllBytes(bad, File.ReadAllBytes(bad)[..40]);

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.TinyImageNet, directory.Path)));
        Assert.Contains(bad, error.Message);
    }

    [Fact]
    public void MissingClassFolderIsAnErrorNamingIt()
    {
        using var directory = new TemporaryDirectory();
        var files = new TinyImageNetFiles(directory.Combine("tiny-imagenet"), trainPerClass: 1, validation: 2);
        Directory.Delete(Path.Combine(files.Root, "train", files.Ids[3]), recursive: true);

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.TinyImageNet, directory.Path)));
        Assert.Contains(Path.Combine(files.Root, "train", files.Ids[3]), error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void ClassListOfTheWrongLengthIsAnError()
    {
        using var directory = new TemporaryDirectory();
        var files = new TinyImageNetFiles(directory.Combine("tiny-imagenet"), trainPerClass: 1, validation: 2);
        File.WriteAllLines(Path.Combine(files.Root, "wnids.txt"), files.Ids[..199]);

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.TinyImageNet, directory.Path)));
        Assert.Contains("lists 199 WordNet ids", error.Message);
    }

    /// <summary>JPEG is lossy; a solid colour at quality 100 decodes within a few levels.</summary>
    private static void AssertColour(ImageDataset dataset, int index, Rgb24 colour)
    {
        using var image = dataset.RawImages[index].to_type(TorchSharp.torch.ScalarType.Int32);
        var means = image.mean(new long[] { 1, 2 }, type: TorchSharp.torch.ScalarType.Float32).data<float>().ToArray();
        Assert.InRange(means[0], colour.R - 3, colour.R + 3);
        Assert.InRange(means[1], colour.G - 3, colour.G + 3);
        Assert.InRange(means[2], colour.B - 3, colour.B + 3);
    }
}
