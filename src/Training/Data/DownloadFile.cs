namespace Certsweep.Training.Data;

/// <summary>One file of a data set's official distribution: its name, the MD5 its publishers give, and where
/// to get it (tried in order).</summary>
public sealed record DownloadFile(string Name, string Md5, IReadOnlyList<Uri> Sources);
