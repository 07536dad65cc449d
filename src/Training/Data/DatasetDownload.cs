namespace Certsweep.Training.Data;

/// <summary>
/// What <c>certsweep data fetch</c> downloads for a data set into <c>DATA_ROOT/&lt;dataset&gt;</c>, and whether
/// the downloaded file is a zip to unpack there (Tiny-ImageNet); other archives are read in place.
/// </summary>
public sealed record DatasetDownload(string Dataset, IReadOnlyList<DownloadFile> Files, bool UnpackZip = false)
{
    /// <summary>The official distributions, with the checksums their publishers give.</summary>
    public static DatasetDownload? For(string dataset) => dataset switch
    {
        DatasetCatalog.Mnist => new(dataset, Idx(
            new[] { new Uri("http://yann.lecun.com/exdb/mnist/"), new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/") },
            ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
            ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
            ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"))),
        DatasetCatalog.FashionMnist => new(dataset, Idx(
            new[] { new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/") },
            ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
            ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
            ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"))),
        DatasetCatalog.Cifar10 => new(dataset, new[]
        {
            new DownloadFile(Cifar10Dataset.ArchiveName, "c32a1d4ab5d03f1284b67883e8d87530", new[] { new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz") }),
        }),
        DatasetCatalog.TinyImageNet => new(dataset, new[]
        {
            new DownloadFile("tiny-imagenet-200.zip", "90528d7ca1a48142e341f4ef8d21d0de", new[] { new Uri("http://cs231n.stanford.edu/tiny-imagenet-200.zip") }),
        }, UnpackZip: true),
        _ => null,
    };

    private static DownloadFile[] Idx(Uri[] bases, params (string Name, string Md5)[] files) =>
        files.Select(f => new DownloadFile(f.Name, f.Md5, bases.Select(b => new Uri(b, f.Name)).ToArray())).ToArray();
}
