namespace Certsweep.Client.Local;

/// <summary>What <c>certsweep data list --output json</c> prints: the data root and every data set.</summary>
public sealed record DataListResult(string DataRoot, IReadOnlyList<DataSetEntry> Datasets);

/// <summary>One data set: its input shape and classes, whether it is generated, and where its files are (null when
/// generated or missing).</summary>
public sealed record DataSetEntry(string Name, string Shape, int Classes, bool Generated, string? Location);

/// <summary>What <c>certsweep data fetch --output json</c> prints; <see cref="Outcome"/> is <c>fetched</c> or
/// <c>already_present</c>.</summary>
public sealed record DataFetchResult(string Dataset, string Location, string Outcome);
