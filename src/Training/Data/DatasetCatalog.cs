namespace Certsweep.Training.Data;

/// <summary>The sweep's <c>dataset</c> axis: known data sets, where their files are looked for, and loading.</summary>
public static class DatasetCatalog
{
    public const string FashionMnist = "fashion-mnist";
    public const string Mnist = "mnist";

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the IDX files.</summary>
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    private static readonly IReadOnlyDictionary<string, DatasetInfo> Known = new[]
    {
        new DatasetInfo(Mnist, MnistFormatDataset.Shape, 10, Normalization.Identity(1), "MNIST digits, IDX files"),
        new DatasetInfo(FashionMnist, MnistFormatDataset.Shape, 10, Normalization.Identity(1), "Fashion-MNIST, IDX files"),
        SyntheticDataset.Info,
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => Known.Keys;

    public static bool Contains(string name) => Known.ContainsKey(name);

    public static DatasetInfo Describe(string name) =>
        Known.TryGetValue(name, out var info)
            ? info
            : throw new DatasetException($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", Names)}.");

    /// <summary>Directories searched, in order, for a data set's files.</summary>
    public static IReadOnlyList<string> SearchDirectories(string name, string? dataRoot)
    {
        var result = new List<string>();
        if (dataRoot is not null)
        {
            result.Add(Path.Combine(dataRoot, name));
            result.Add(dataRoot);
        }

        if (name == FashionMnist)
        {
            result.Add(DebianFashionMnistDirectory);
        }

        return result;
    }

    public static DataSplit Load(DatasetRequest request)
    {
        var info = Describe(request.Name);
        var split = info.Name == SyntheticDataset.Name ? SyntheticDataset.Create() : LoadFiles(info, request);
        return Limit(split, request);
    }

    private static DataSplit LoadFiles(DatasetInfo info, DatasetRequest request)
    {
        var candidates = SearchDirectories(info.Name, request.DataRoot);
        var directory = MnistFormatDataset.FindDirectory(candidates);
        if (directory is null)
        {
            var fix = info.Name == FashionMnist
                ? "install it with 'apt-get install dataset-fashion-mnist' (scripts/setup.sh does) or pass --data-root DIR holding the IDX files"
                : $"put train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz) in DIR/{info.Name} and pass --data-root DIR";
            throw new DatasetException(
                $"Dataset '{info.Name}' not found: no directory holds its four IDX files (looked in {(candidates.Count == 0 ? "no directory: no --data-root given" : string.Join(", ", candidates))}). To fix: {fix}.");
        }

        return MnistFormatDataset.Load(info, directory);
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
