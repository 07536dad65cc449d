using System.Buffers.Binary;
using System.IO.Compression;

namespace Certsweep.Training.Data;

/// <summary>
/// Reader for the IDX format of MNIST and Fashion-MNIST (raw or gzip-compressed): a big-endian header
/// <c>00 00 08 rank</c>, one 32-bit big-endian size per dimension, then unsigned bytes.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes with the given rank (1 for labels, 3 for images).</summary>
    public static (int[] Dimensions, byte[] Data) Read(string path, int expectedRank)
    {
        if (!File.Exists(path))
        {
            throw new DatasetException($"IDX file '{path}' does not exist.");
        }

        try
        {
            using var stream = Open(path);
            Span<byte> header = stackalloc byte[4];
            ReadExactly(stream, header, path, "the 4-byte IDX magic number");
            if (header[0] != 0 || header[1] != 0 || header[2] != UnsignedByteType || header[3] != expectedRank)
            {
                throw new DatasetException(
                    $"'{path}' is not an IDX file of unsigned bytes with {expectedRank} dimension(s): expected magic " +
                    $"0x000008{expectedRank:X2}, found 0x{Convert.ToHexString(header)}.");
            }

            var dimensions = new int[expectedRank];
            Span<byte> size = stackalloc byte[4];
            long total = 1;
            for (var i = 0; i < expectedRank; i++)
            {
                ReadExactly(stream, size, path, $"dimension {i + 1} of the header");
                dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(size);
                if (dimensions[i] <= 0)
                {
                    throw new DatasetException($"'{path}' declares dimension {i + 1} as {dimensions[i]}; expected a positive size.");
                }

                total *= dimensions[i];
            }

            if (total > Array.MaxLength)
            {
                throw new DatasetException($"'{path}' declares {total} values, more than one array can hold.");
            }

            var data = new byte[total];
            ReadExactly(stream, data, path, $"{total} data bytes ({string.Join("x", dimensions)})");
            if (stream.ReadByte() != -1)
            {
                throw new DatasetException($"'{path}' has bytes after the {total} its header declares; the file is corrupt.");
            }

            return (dimensions, data);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"'{path}' looks gzip-compressed but cannot be decompressed: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new DatasetException($"'{path}' cannot be read: {e.Message}", e);
        }
    }

    private static Stream Open(string path)
    {
        var file = File.OpenRead(path);
        var first = file.ReadByte();
        var second = file.ReadByte();
        file.Position = 0;
        return first == 0x1f && second == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : new BufferedStream(file);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer[read..]);
            if (n == 0)
            {
                throw new DatasetException($"'{path}' is truncated: expected {what}, but the file ended after {read} of {buffer.Length} bytes.");
            }

            read += n;
        }
    }
}
