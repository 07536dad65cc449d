using Certsweep.Training.Data;

namespace Certsweep.Training.Tests.Data;

public sealed class Cifar10DatasetTests
{
    [Fact]
    public void LoadsBinaryBatchFilesInRecordOrder()
    {
        using var directory = new TemporaryDirectory();
        var files = CifarFiles.Create(perTrainFile: 3, test: 4, seed: 1);
        files.WriteFiles(directory.Combine("cifar10", "cifar-10-batches-bin"));

        using var data = DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Cifar10, directory.Path));

        AssertHolds(data.Train, files.Records(CifarFiles.Names[..5]).ToList());
        AssertHolds(data.Test, files.Records("test_batch.bin").ToList());
        Assert.Equal(new Augmentation(2, true), data.Train.Augmentation);
        Assert.True(data.Test.Augmentation.IsIdentity);
        Assert.Equal(new[] { 0.4914, 0.4822, 0.4465 }, data.Train.Normalization.Mean);
        Assert.Equal(new[] { 0.2023, 0.1994, 0.2010 }, data.Train.Normalization.Std);
    }

    [Fact]
    public void ReadsTheOfficialArchiveInPlace()
    {
        using var directory = new TemporaryDirectory();
        var files = CifarFiles.Create(perTrainFile: 2, test: 3, seed: 2);
        Directory.CreateDirectory(directory.Combine("cifar10"));
        files.WriteArchive(directory.Combine("cifar10", "cifar-10-binary.tar.gz"));

        Assert.Equal(directory.Combine("cifar10", "cifar-10-binary.tar.gz"), DatasetCatalog.Locate(DatasetCatalog.Cifar10, directory.Path));
        using var data = DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Cifar10, directory.Path));

        AssertHolds(data.Train, files.Records(CifarFiles.Names[..5]).ToList());
        AssertHolds(data.Test, files.Records("test_batch.bin").ToList());
    }

    [Fact]
    public void TruncatedFileIsOneClearErrorNamingIt()
    {
        using var directory = new TemporaryDirectory();
        var files = CifarFiles.Create(perTrainFile: 2, test: 2, seed: 3);
        files.Contents["data_batch_3.bin"] = files.Contents["data_batch_3.bin"][..^100];
        files.WriteFiles(directory.Combine("cifar10"));

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Cifar10, directory.Path)));
        Assert.Contains(directory.Combine("cifar10", "data_batch_3.bin"), error.Message);
        Assert.Contains("3073-byte record", error.Message);
    }

    [Fact]
    public void LabelOutOfRangeIsAnError()
    {
        using var directory = new TemporaryDirectory();
        var files = CifarFiles.Create(perTrainFile: 2, test: 2, seed: 4);
        files.Contents["test_batch.bin"][3073] = 10;
        files.WriteFiles(directory.Combine("cifar10"));

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Cifar10, directory.Path)));
        Assert.Contains("test_batch.bin' has label 10 in record 1", error.Message);
    }

    [Fact]
    public void ArchiveLackingABatchNamesWhatIsMissing()
    {
        using var directory = new TemporaryDirectory();
        var files = CifarFiles.Create(perTrainFile: 1, test: 1, seed: 5);
        var archive = directory.Combine("cifar-10-binary.tar.gz");
        files.WriteArchive(archive, CifarFiles.Names.Where(n => n != "data_batch_4.bin"));

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Cifar10, directory.Path)));
        Assert.Contains(archive, error.Message);
        Assert.Contains("lacks data_batch_4.bin", error.Message);
    }

    [Fact]
    public void CorruptArchiveIsAnErrorNamingIt()
    {
        using var directory = new TemporaryDirectory();
        var archive = directory.Combine("cifar-10-binary.tar.gz");
        File.WriteAllBytes(archive, new byte[] { 0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 });

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Cifar10, directory.Path)));
        Assert.Contains(archive, error.Message);
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public void MissingDataSetSaysWhereItLookedAndHowToFetchIt()
    {
        using var directory = new TemporaryDirectory();

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load(new DatasetRequest(DatasetCatalog.Cifar10, directory.Path)));
        Assert.Contains(directory.Combine("cifar10"), error.Message);
        Assert.Contains("certsweep data fetch cifar10", error.Message);
        Assert.Contains("data_batch_1.bin", error.Message);
    }

    private static void AssertHolds(ImageDataset dataset, List<(byte Label, byte[] Pixels)> records)
    {
        Assert.Equal(records.Count, dataset.Count);
        Assert.Equal(new long[] { records.Count, 3, 32, 32 }, dataset.RawImages.shape);
        var pixels = dataset.RawImages.bytes.ToArray();
        var labels = dataset.Labels.data<long>().ToArray();
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i].Label, labels[i]);
            Assert.True(records[i].Pixels.AsSpan().SequenceEqual(pixels.AsSpan(i * CifarFiles.ImageBytes, CifarFiles.ImageBytes)), $"image {i} differs");
        }
    }
}
