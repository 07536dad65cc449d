using System.Formats.Tar;
using System.IO.Compression;

namespace Certsweep.Training.Tests.Data;

/// <summary>
/// Writes CIFAR-10 binary batches in the real format (records of one label byte and 3072 pixel bytes: red,
/// green, blue planes of 32x32), as loose files or as a <c>cifar-10-binary.tar.gz</c> whose members sit in
/// <c>cifar-10-batches-bin/</c> like the official archive's.
/// </summary>
internal sealed class CifarFiles
{
    public const int ImageBytes = 3 * 32 * 32;

    public static readonly string[] Names =
        { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin" };

    private CifarFiles(Dictionary<string, byte[]> contents) => Contents = contents;

    /// <summary>File name to its bytes.</summary>
    public Dictionary<string, byte[]> Contents { get; }

    /// <summary><paramref name="perTrainFile"/> records in each training batch, <paramref name="test"/> in the test batch.</summary>
    public static CifarFiles Create(int perTrainFile, int test, int seed)
    {
        var random = new Random(seed);
        var contents = new Dictionary<string, byte[]>();
        foreach (var name in Names)
        {
            var count = name == "test_batch.bin" ? test : perTrainFile;
            var bytes = new byte[count * (1 + ImageBytes)];
            random.NextBytes(bytes);
            for (var r = 0; r < count; r++)
            {
                bytes[r * (1 + ImageBytes)] = (byte)random.Next(10);
            }

            contents[name] = bytes;
        }

        return new CifarFiles(contents);
    }

    public IEnumerable<(byte Label, byte[] Pixels)> Records(params string[] files) =>
        files.SelectMany(name => Enumerable.Range(0, Contents[name].Length / (1 + ImageBytes))
            .Select(r => (Contents[name][r * (1 + ImageBytes)], Contents[name].AsSpan(r * (1 + ImageBytes) + 1, ImageBytes).ToArray())));

    public void WriteFiles(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, bytes) in Contents)
        {
            File.WriteAllBytes(Path.Combine(directory, name), bytes);
        }
    }

    public void WriteArchive(string path, IEnumerable<string>? only = null)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Gnu);
        tar.WriteEntry(new GnuTarEntry(TarEntryType.Directory, "cifar-10-batches-bin/"));
        var readme = new GnuTarEntry(TarEntryType.RegularFile, "cifar-10-batches-bin/batches.meta.txt")
        {
            DataStream = new MemoryStream("airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"u8.ToArray()),
        };
        tar.WriteEntry(readme);
        foreach (var name in only ?? Names)
        {
            tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "cifar-10-batches-bin/" + name) { DataStream = new MemoryStream(Contents[name]) });
        }
    }
}
