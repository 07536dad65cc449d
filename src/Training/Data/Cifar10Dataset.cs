using System.Formats.Tar;
using System.IO.Compression;
using Certsweep.Training.Models;
using static TorchSharp.torch;

namespace Certsweep.Training.Data;

/// <summary>
/// CIFAR-10 in its binary distribution: <c>data_batch_1.bin</c> .. <c>data_batch_5.bin</c> (training) and
/// <c>test_batch.bin</c>, each a sequence of 3073-byte records (one label byte 0..9, then the 32x32 red, green
/// and blue planes row by row), either as files in a directory (<c>cifar-10-batches-bin</c>) or inside the
/// official <c>cifar-10-binary.tar.gz</c>, read in place.
/// </summary>
public static class Cifar10Dataset
{
    public const string ArchiveName = "cifar-10-binary.tar.gz";
    public const string ArchiveDirectory = "cifar-10-batches-bin";
    public const int Classes = 10;
    public static readonly ImageShape Shape = new(3, 32);
    public static readonly int RecordSize = 1 + Shape.Channels * Shape.Size * Shape.Size;

    public static readonly IReadOnlyList<string> TrainFiles = Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray();
    public const string TestFile = "test_batch.bin";

    private static IEnumerable<string> AllFiles => TrainFiles.Append(TestFile);

    /// <summary>What a directory must hold; for error messages and <c>data list</c>.</summary>
    public static string Layout =>
        $"{string.Join(", ", AllFiles)} (in DIR or DIR/{ArchiveDirectory}), or {ArchiveName} holding them";

    /// <summary>The first candidate directory (or its <c>cifar-10-batches-bin</c>) holding the six files, or
    /// the first <c>cifar-10-binary.tar.gz</c>; null when there is none.</summary>
    public static string? Locate(IEnumerable<string> candidates)
    {
        foreach (var directory in candidates)
        {
            foreach (var inner in new[] { directory, Path.Combine(directory, ArchiveDirectory) })
            {
                if (AllFiles.All(f => File.Exists(Path.Combine(inner, f))))
                {
                    return inner;
                }
            }

            var archive = Path.Combine(directory, ArchiveName);
            if (File.Exists(archive))
            {
                return archive;
            }
        }

        return null;
    }

    /// <summary>Loads from a directory of the six files or from the archive (see <see cref="Locate"/>).</summary>
    public static DataSplit Load(DatasetInfo info, string location)
    {
        var contents = File.Exists(location) ? ReadArchive(location) : ReadDirectory(location);
        var train = Parse(info, TrainFiles.Select(f => (contents[f].Path, contents[f].Bytes)).ToList(), info.TrainAugmentation);
        try
        {
            return new DataSplit(train, Parse(info, new[] { (contents[TestFile].Path, contents[TestFile].Bytes) }, null));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    public static ImageDataset LoadTest(DatasetInfo info, string location)
    {
        var (path, bytes) = File.Exists(location) ? ReadArchive(location)[TestFile] : ReadDirectory(location)[TestFile];
        return Parse(info, new[] { (path, bytes) }, null);
    }

    private static Dictionary<string, (string Path, byte[] Bytes)> ReadDirectory(string directory)
    {
        var result = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var name in AllFiles)
        {
            var path = Path.Combine(directory, name);
            try
            {
                result[name] = (path, File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DatasetException($"CIFAR-10 file '{path}' cannot be read ({e.Message}); expected {Layout}.", e);
            }
        }

        return result;
    }

    private static Dictionary<string, (string Path, byte[] Bytes)> ReadArchive(string archive)
    {
        var result = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                var name = Path.GetFileName(entry.Name);
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && AllFiles.Contains(name) && entry.DataStream is { } data)
                {
                    using var buffer = new MemoryStream((int)Math.Min(entry.Length, int.MaxValue));
                    data.CopyTo(buffer);
                    result[name] = ($"{archive}:{entry.Name}", buffer.ToArray());
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"CIFAR-10 archive '{archive}' is corrupt or unreadable ({e.Message}); expected the official {ArchiveName} (re-fetch it with 'certsweep data fetch cifar10').", e);
        }

        var missing = AllFiles.Where(f => !result.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            throw new DatasetException($"CIFAR-10 archive '{archive}' lacks {string.Join(", ", missing)}; expected the official {ArchiveName} with {ArchiveDirectory}/ holding all six batch files.");
        }

        return result;
    }

    private static ImageDataset Parse(DatasetInfo info, IReadOnlyList<(string Path, byte[] Bytes)> files, Augmentation? augmentation)
    {
        var imageSize = RecordSize - 1;
        var total = 0L;
        foreach (var (path, bytes) in files)
        {
            if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
            {
                throw new DatasetException(
                    $"CIFAR-10 file '{path}' has {bytes.Length} bytes, not a positive multiple of the {RecordSize}-byte record (1 label byte + 3x32x32 pixels); the file is truncated or not a CIFAR-10 binary batch.");
            }

            total += bytes.Length / RecordSize;
        }

        var pixels = new byte[total * imageSize];
        var labels = new long[total];
        var index = 0L;
        foreach (var (path, bytes) in files)
        {
            for (var offset = 0; offset < bytes.Length; offset += RecordSize, index++)
            {
                var label = bytes[offset];
                if (label >= Classes)
                {
                    throw new DatasetException($"CIFAR-10 file '{path}' has label {label} in record {offset / RecordSize}; expected 0..{Classes - 1}.");
                }

                labels[index] = label;
                Buffer.BlockCopy(bytes, offset + 1, pixels, (int)(index * imageSize), imageSize);
            }
        }

        return new ImageDataset(info.Name, Shape, Classes, info.Normalization,
            tensor(pixels, ScalarType.Byte).reshape(total, Shape.Channels, Shape.Size, Shape.Size), tensor(labels), augmentation);
    }
}
