namespace Certsweep.Training.Data;

/// <summary>The sweep's <c>dataset</c> axis: known data sets, where their files are looked for, and loading.</summary>
public static class DatasetCatalog
{
    public const string FashionMnist = "fashion-mnist";
    public const string Mnist = "mnist";
    public const string Cifar10 = "cifar10";
    public const string TinyImageNet = "tiny-imagenet";

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the IDX files.</summary>
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Environment variable naming the data root used when no <c>--data-root</c> is given.</summary>
    public const string DataRootVariable = "CERTSWEEP_DATA_ROOT";

    private static readonly DatasetLayout MnistFiles = new(MnistFormatDataset.Layout, MnistFormatDataset.FindDirectory, MnistFormatDataset.Load);

    private static readonly IReadOnlyDictionary<string, (DatasetInfo Info, DatasetLayout? Layout)> Known = new (DatasetInfo, DatasetLayout?)[]
    {
        (new DatasetInfo(Mnist, MnistFormatDataset.Shape, 10, Normalization.Identity(1), "MNIST digits, IDX files"), MnistFiles),
        (new DatasetInfo(FashionMnist, MnistFormatDataset.Shape, 10, Normalization.Identity(1), "Fashion-MNIST, IDX files"), MnistFiles),
        (
            new DatasetInfo(Cifar10, Cifar10Dataset.Shape, Cifar10Dataset.Classes,
                new Normalization(new[] { 0.4914, 0.4822, 0.4465 }, new[] { 0.2023, 0.1994, 0.2010 }),
                "CIFAR-10, binary version", new Augmentation(CropPadding: 2, HorizontalFlip: true)),
            new DatasetLayout(Cifar10Dataset.Layout, Cifar10Dataset.Locate, Cifar10Dataset.Load)
        ),
        (
            new DatasetInfo(TinyImageNet, TinyImageNetDataset.Shape, TinyImageNetDataset.Classes,
                new Normalization(new[] { 0.4802, 0.4481, 0.3975 }, new[] { 0.2302, 0.2265, 0.2262 }),
                "Tiny-ImageNet, 200 classes of 64x64 JPEGs", new Augmentation(CropPadding: 4, HorizontalFlip: true)),
            new DatasetLayout(TinyImageNetDataset.Layout, TinyImageNetDataset.Locate, TinyImageNetDataset.Load)
        ),
        (SyntheticDataset.Info, null),
    }.ToDictionary(d => d.Item1.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => Known.Keys;

    public static bool Contains(string name) => Known.ContainsKey(name);

    public static DatasetInfo Describe(string name) =>
        Known.TryGetValue(name, out var entry)
            ? entry.Info
            : throw new DatasetException($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", Names)}.");

    /// <summary>The files a data set needs (null for generated ones).</summary>
    public static DatasetLayout? LayoutOf(string name)
    {
        Describe(name);
        return Known[name].Layout;
    }

    /// <summary>The data root: the given one, else <c>$CERTSWEEP_DATA_ROOT</c>, else <c>./data</c>.</summary>
    public static string ResolveDataRoot(string? dataRoot) =>
        dataRoot ?? (Environment.GetEnvironmentVariable(DataRootVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : "data");

    /// <summary>Directories searched, in order, for a data set's files.</summary>
    public static IReadOnlyList<string> SearchDirectories(string name, string? dataRoot)
    {
        var root = ResolveDataRoot(dataRoot);
        var result = new List<string> { Path.Combine(root, name), root };
        if (name == FashionMnist)
        {
            result.Add(DebianFashionMnistDirectory);
        }

        return result;
    }

    /// <summary>Where the data set's files are (a directory or an archive), or null when they are not found.</summary>
    public static string? Locate(string name, string? dataRoot) =>
        LayoutOf(name)?.Locate(SearchDirectories(name, dataRoot));

    public static DataSplit Load(DatasetRequest request)
    {
        var info = Describe(request.Name);
        var split = Known[info.Name].Layout is { } layout ? LoadFiles(info, layout, request) : SyntheticDataset.Create();
        return Limit(split, request);
    }

    private static DataSplit LoadFiles(DatasetInfo info, DatasetLayout layout, DatasetRequest request)
    {
        var candidates = SearchDirectories(info.Name, request.DataRoot);
        var location = layout.Locate(candidates);
        if (location is null)
        {
            var fix = info.Name == FashionMnist
                ? $"run 'certsweep data fetch {info.Name}', or install it with 'apt-get install dataset-fashion-mnist' (scripts/setup.sh does), or pass --data-root DIR holding the files"
                : $"run 'certsweep data fetch {info.Name}' (downloads into {Path.Combine(ResolveDataRoot(request.DataRoot), info.Name)}), or put the files in DIR/{info.Name} and pass --data-root DIR";
            throw new DatasetException(
                $"Dataset '{info.Name}' not found: expected {layout.Files}; looked in {string.Join(", ", candidates)}. To fix: {fix}.");
        }

        return layout.Load(info, location);
    }

    private static DataSplit Limit(DataSplit split, DatasetRequest request)
    {
        var train = request.TrainLimit is { } t ? split.Train.Take(t) : split.Train;
        var test = request.TestLimit is { } s ? split.Test.Take(s) : split.Test;
        if (!ReferenceEquals(train, split.Train))
        {
            split.Train.Dispose();
        }

        if (!ReferenceEquals(test, split.Test))
        {
            split.Test.Dispose();
        }

        return new DataSplit(train, test);
    }
}
