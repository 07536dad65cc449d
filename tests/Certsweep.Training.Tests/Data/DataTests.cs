using System.Buffers.Binary;
using System.IO.Compression;
using Certsweep.Training.Data;
using static TorchSharp.torch;

namespace Certsweep.Training.Tests.Data;

/// <summary>MNIST-format IDX files written here, raw and gzip-compressed, and the errors for damaged ones.</summary>
public sealed class DataTests : IDisposable
{
    private const int TrainCount = 5;
    private const int TestCount = 3;

    private readonly string _root = TrainerRuns.TemporaryDirectory();

    [Fact]
    public void RawAndCompressedFilesLoadWithPixelsScaledToTheUnitInterval()
    {
        using var scope = NewDisposeScope();
        var directory = WriteDataset(compressTrain: true, compressTest: false);
        using var data = DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Mnist, _root));
        Assert.Equal(TrainCount, data.Train.Count);
        Assert.Equal(TestCount, data.Test.Count);
        Assert.Equal(new long[] { TrainCount, 1, 28, 28 }, data.Train.RawImages.shape);
        Assert.Equal(Labels(TrainCount).Select(l => (long)l), data.Train.Labels.data<long>().ToArray());
        Assert.Equal(Labels(TestCount).Select(l => (long)l), data.Test.Labels.data<long>().ToArray());

        using var batch = data.Test.Batch(new long[] { 2 }, CPU, null);
        var (images, labels) = (batch.Images, batch.Labels);
        var expected = Pixels(TestCount).Skip(2 * 28 * 28).Take(28 * 28).Select(p => p / 255.0).ToArray();
        var actual = images.flatten().data<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First, pair.Second, 1e-6));
        Assert.Equal(Labels(TestCount)[2], labels.item<long>());
        Assert.True(File.Exists(Path.Combine(directory, "train-images-idx3-ubyte.gz")));
        Assert.True(File.Exists(Path.Combine(directory, "t10k-images-idx3-ubyte")));

        using var limited = DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Mnist, _root, TrainLimit: 2, TestLimit: 1));
        Assert.Equal((2L, 1L), (limited.Train.Count, limited.Test.Count));
    }

    [Fact]
    public void AMissingDataSetNamesWhereItLookedAndHowToFixIt()
    {
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Mnist, _root)));
        Assert.Contains(Path.Combine(_root, DatasetCatalog.Mnist), error.Message);
        Assert.Contains("train-images-idx3-ubyte", error.Message);
        Assert.Contains("--data-root", error.Message);
    }

    [Theory]
    [InlineData("magic", "expected magic 0x00000803")]
    [InlineData("truncated", "is truncated: expected 2352 data bytes")]
    [InlineData("header", "is truncated: expected dimension 2 of the header")]
    [InlineData("trailing", "has bytes after the 2352 its header declares")]
    [InlineData("gzip", "looks gzip-compressed but cannot be decompressed")]
    [InlineData("size", "holds 28x27 images; mnist expects 28x28")]
    public void ADamagedImageFileGivesOneErrorNamingItAndWhatWasExpected(string damage, string expected)
    {
        var directory = WriteDataset(compressTrain: false, compressTest: false);
        var path = Path.Combine(directory, "t10k-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "magic":
                bytes[3] = 0x02;
                File.WriteAllBytes(path, bytes);
                break;
            case "truncated":
                File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
                break;
            case "header":
                File.WriteAllBytes(path, bytes[..10]);
                break;
            case "trailing":
                File.WriteAllBytes(path, bytes.Concat(new byte[] { 1, 2 }).ToArray());
                break;
            case "gzip":
                File.Delete(path);
                path += ".gz";
                File.WriteAllBytes(path, new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 0xde, 0xad });
                break;
            case "size":
                File.WriteAllBytes(path, Idx(new[] { TestCount, 28, 27 }, new byte[TestCount * 28 * 27]));
                break;
        }

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Mnist, _root)));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void LabelsThatDoNotFitTheImagesAreRefused()
    {
        var directory = WriteDataset(compressTrain: false, compressTest: false);
        var labelPath = Path.Combine(directory, "train-labels-idx1-ubyte");
        File.WriteAllBytes(labelPath, Idx(new[] { TrainCount - 1 }, Labels(TrainCount - 1)));
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Mnist, _root)));
        Assert.Contains(labelPath, error.Message);
        Assert.Contains("expected one label per image", error.Message);

        File.WriteAllBytes(labelPath, Idx(new[] { TrainCount }, new byte[] { 0, 1, 10, 2, 3 }));
        error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Mnist, _root)));
        Assert.Contains(labelPath, error.Message);
        Assert.Contains("label 10 at index 2; expected 0..9", error.Message);
    }

    [Fact]
    public void ATruncatedCompressedFileIsReportedAsSuch()
    {
        var directory = WriteDataset(compressTrain: true, compressTest: true);
        var path = Path.Combine(directory, "train-images-idx3-ubyte.gz");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Mnist, _root)));
        Assert.Contains(path, error.Message);
    }

    private string WriteDataset(bool compressTrain, bool compressTest)
    {
        var directory = Path.Combine(_root, DatasetCatalog.Mnist);
        Directory.CreateDirectory(directory);
        Write(directory, "train-images-idx3-ubyte", Idx(new[] { TrainCount, 28, 28 }, Pixels(TrainCount)), compressTrain);
        Write(directory, "train-labels-idx1-ubyte", Idx(new[] { TrainCount }, Labels(TrainCount)), compressTrain);
        Write(directory, "t10k-images-idx3-ubyte", Idx(new[] { TestCount, 28, 28 }, Pixels(TestCount)), compressTest);
        Write(directory, "t10k-labels-idx1-ubyte", Idx(new[] { TestCount }, Labels(TestCount)), compressTest);
        return directory;
    }

    private static void Write(string directory, string name, byte[] content, bool compress)
    {
        if (!compress)
        {
            File.WriteAllBytes(Path.Combine(directory, name), content);
            return;
        }

        using var file = File.Create(Path.Combine(directory, name + ".gz"));
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        gzip.Write(content);
    }

    /// <summary>An IDX file of unsigned bytes: 00 00 08 rank, big-endian sizes, data.</summary>
    private static byte[] Idx(int[] dimensions, byte[] data)
    {
        var header = new byte[4 + 4 * dimensions.Length];
        header[2] = 0x08;
        header[3] = (byte)dimensions.Length;
        for (var i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), dimensions[i]);
        }

        return header.Concat(data).ToArray();
    }

    private static byte[] Pixels(int count) => Enumerable.Range(0, count * 28 * 28).Select(i => (byte)(i * 7 % 256)).ToArray();

    private static byte[] Labels(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 3 % 10)).ToArray();

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
