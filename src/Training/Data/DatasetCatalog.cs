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

    private static readonly DatasetLayout MnistFiles = new(MnistFormatDataset.Layout, MnistFormatDataset.FindDirectory, MnistFormatDataset.Load, MnistFormatDataset.LoadTest);

    private static readonly IReadOnlyDictionary<string, (DatasetInfo Info, DatasetLayout? Layout)> Known = new (DatasetInfo, DatasetLayout?)[]
    {
        (new DatasetInfo(Mnist, MnistFormatDataset.Shape, 10, Normalization.Identity(1), "MNIST digits, IDX files"), MnistFiles),
        (new DatasetInfo(FashionMnist, MnistFormatDataset.Shape, 10, Normalization.Identity(1), "Fashion-MNIST, IDX files"), MnistFiles),
        (
            new DatasetInfo(Cifar10, Cifar10Dataset.Shape, Cifar10Dataset.Classes,
                new Normalization(new[] { 0.4914, 0.4822, 0.4465 }, new[] { 0.2023, 0.1994, 0.2010 }),
                "CIFAR-10, binary version", new Augmentation(CropPadding: 2, HorizontalFlip: true)),
            new DatasetLayout(Cifar10Dataset.Layout, Cifar10Dataset.Locate, Cifar10Dataset.Load, Cifar10Dataset.LoadTest)
        ),
        (
            new DatasetInfo(TinyImageNet, TinyImageNetDataset.Shape, TinyImageNetDataset.Classes,
                new Normalization(new[] { 0.4802, 0.4481, 0.3975 }, new[] { 0.2302, 0.2265, 0.2262 }),
                "Tiny-ImageNet, 200 classes of 64x64 JPEGs", new Augmentation(CropPadding: 4, HorizontalFlip: true)),
            new DatasetLayout(TinyImageNetDataset.Layout, TinyImageNetDataset.Locate, TinyImageNetDataset.Load, TinyImageNetDataset.LoadTest)
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
        var split = Known[info.Name].Layout is { } layout ? layout.Load(info, Find(info, layout, request.DataRoot)) : SyntheticDataset.Create();
        return Limit(split, request);
    }

    /// <summary>Only the test split (the first <paramref name="limit"/> samples when given), for evaluation.</summary>
    public static ImageDataset LoadTest(string name, string? dataRoot, int? limit = null)
    {
        var info = Describe(name);
        if (Known[info.Name].Layout is not { } layout)
        {
            var generated = SyntheticDataset.Create();
            generated.Train.Dispose();
            return Limit(generated.Test, limit);
        }

        return Limit(layout.LoadTest(info, Find(info, layout, dataRoot)), limit);
    }

    private static string Find(DatasetInfo info, DatasetLayout layout, string? dataRoot)
    {
        var candidates = SearchDirectories(info.Name, dataRoot);
        if (layout.Locate(candidates) is { } location)
        {
            return location;
        }

        var fix = info.Name == FashionMnist
            ? $"run 'certsweep data fetch {info.Name}', or install it with 'apt-get install dataset-fashion-mnist' (scripts/setup.sh does), or pass --data-root DIR holding the files"
            : $"run 'certsweep data fetch {info.Name}' (downloads into {Path.Combine(ResolveDataRoot(dataRoot), info.Name)}), or put the files in DIR/{info.Name} and pass --data-root DIR";
        throw new DatasetException(
            $"Dataset '{info.Name}' not found: expected {layout.Files}; looked in {string.Join(", ", candidates)}. To fix: {fix}.");
    }

    private static ImageDataset Limit(ImageDataset dataset, int? limit)
    {
        if (limit is not { } n)
        {
            return dataset;
        }

        var limited = dataset.Take(n);
        if (!ReferenceEquals(limited, dataset))
        {
            dataset.Dispose();
        }

        return limited;
    }

    private static DataSplit Limit(DataSplit split, DatasetRequest request)
    {
        var held = request.ValidationSize is { } size ? ValidationSplit.Apply(split, size) : split;
        return new(Limit(held.Train, request.TrainLimit), Limit(held.Test, request.TestLimit), held.Validation);
    }
}
