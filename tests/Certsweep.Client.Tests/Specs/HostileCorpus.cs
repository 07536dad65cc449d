using System.Globalization;
using System.Text;

namespace Certsweep.Client.Tests.Specs;

/// <summary>
/// The hostile spec files under Specs/Hostile and what each must produce, from its index.tsv: one line per expected
/// problem (file, exit code, field, message). A message is the problem's whole message or pieces of it, in order,
/// joined by " … ". A file's class is its name up to the first dash (overflow, nonfinite, infeasible, size, echo,
/// unknown, shape, range, sweep, syntax). Files too large to commit are named <c>generated:NAME</c> and written by
/// <see cref="Materialize"/>.
/// </summary>
public static class HostileCorpus
{
    public const string Generated = "generated:";

    /// <summary>The pieces of an expected message.</summary>
    public const string Gap = " … ";

    public static string Directory => Path.Combine(RepositoryFiles.Root, "tests", "Certsweep.Client.Tests", "Specs", "Hostile");

    public static string IndexPath => Path.Combine(Directory, "index.tsv");

    public static IReadOnlyList<Expectation> Index { get; } = ReadIndex();

    public static IReadOnlyList<string> Files => Index.Select(e => e.File).Distinct().ToList();

    public static TheoryData<string> Cases() => new(Files);

    public static IReadOnlyList<Expectation> For(string file) => Index.Where(e => e.File == file).ToList();

    public static string ClassOf(string file) => file.Replace(Generated, string.Empty, StringComparison.Ordinal).Split('-')[0];

    /// <summary>The file's path: a committed file as it is, a generated one written into <paramref name="scratch"/>.</summary>
    public static string Materialize(string file, string scratch)
    {
        if (!file.StartsWith(Generated, StringComparison.Ordinal))
        {
            return Path.Combine(Directory, file);
        }

        var name = file[Generated.Length..];
        var path = Path.Combine(scratch, name);
        File.WriteAllText(path, name switch
        {
            // One byte over the limit, and otherwise a valid spec: the size alone is refused.
            "size-over-1mib.yaml" => Pad("dataset: synthetic\neps: 0.1\nepochs: 10\nwarmup: 5\n", (1 << 20) + 1),
            "size-100001-values.json" => $"{{\"dataset\": \"synthetic\", \"eps\": 0.1, \"epochs\": 10, \"warmup\": 5, \"lr_milestones\": [{string.Join(", ", Enumerable.Repeat("1", 100_001))}]}}\n",
            "size-99990-values.json" => $"{{\"dataset\": \"synthetic\", \"eps\": 0.1, \"epochs\": 10, \"warmup\": 5, \"lr_milestones\": [{string.Join(", ", Enumerable.Repeat("1", 99_990))}]}}\n",
            "size-100001-values.yaml" => $"dataset: synthetic\neps: 0.1\nepochs: 10\nwarmup: 5\nlr_milestones:\n{string.Concat(Enumerable.Repeat("- 1\n", 100_001))}",
            _ => throw new ArgumentException($"no generator for {file}"),
        });
        return path;
    }

    private static string Pad(string spec, int bytes)
    {
        var text = new StringBuilder(spec);
        while (Encoding.UTF8.GetByteCount(text.ToString()) < bytes - 64)
        {
            text.Append("# padding, a comment line of sixty-four characters or so .......\n");
        }

        text.Append('#', bytes - Encoding.UTF8.GetByteCount(text.ToString()));
        return text.ToString();
    }

    private static List<Expectation> ReadIndex() =>
        File.ReadAllLines(IndexPath, Encoding.UTF8)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(columns => columns.Length == 4
                ? new Expectation(columns[0], int.Parse(columns[1], CultureInfo.InvariantCulture), columns[2], columns[3])
                : throw new FormatException($"index.tsv: expected 4 tab-separated columns: {string.Join(" | ", columns)}"))
            .ToList();

    /// <summary>One expected problem of a hostile file.</summary>
    public sealed record Expectation(string File, int ExitCode, string Field, string Message)
    {
        public IReadOnlyList<string> Pieces => Message.Split(Gap);

        /// <summary>Whether <paramref name="text"/> holds the pieces in order.</summary>
        public bool IsIn(string text)
        {
            var at = 0;
            foreach (var piece in Pieces)
            {
                var found = text.IndexOf(piece, at, StringComparison.Ordinal);
                if (found < 0)
                {
                    return false;
                }

                at = found + piece.Length;
            }

            return true;
        }
    }
}
