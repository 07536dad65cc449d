namespace Certsweep.Training.Data;

/// <summary>
/// How a data set's files are laid out on disk: a description of what must be there (for error messages and
/// <c>data list</c>), how to find them among candidate directories, and how to load both splits or only the
/// test split (evaluation need not decode a training set).
/// </summary>
public sealed record DatasetLayout(
    string Files,
    Func<IEnumerable<string>, string?> Locate,
    Func<DatasetInfo, string, DataSplit> Load,
    Func<DatasetInfo, string, ImageDataset> LoadTest);
