using Certsweep.Client.Specs;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Tests.Specs;

/// <summary>
/// Every hostile spec file of <see cref="HostileCorpus"/> through <see cref="SweepSpecLoader.LoadFile"/> (exit code,
/// exactly the expected problems, every echo escaped, within <see cref="CpuTime.PerCase"/> each), and a sample of them through the real
/// <c>certsweep spec validate</c> process (exit 2, the expected message, no stack trace, no raw control character).
/// </summary>
public sealed class HostileSpecTests : IDisposable
{
    private static readonly string[] Classes = ["overflow", "nonfinite", "infeasible", "size", "echo", "unknown", "shape", "range", "sweep", "syntax"];

    private readonly string _scratch = System.IO.Directory.CreateTempSubdirectory("certsweep-hostile-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string> Cases() => HostileCorpus.Cases();

    /// <summary>One or two files of every class, and the generated ones, for the process test.</summary>
    public static TheoryData<string> ProcessCases() => new(
        "overflow-start-plus-warmup.yaml", "nonfinite-distribution-string.json", "infeasible-subset-too-small.yaml", "generated:size-over-1mib.yaml",
        "size-billion-laughs.yaml", "echo-esc-in-value.yaml", "echo-raw-control-in-json-early.json", "echo-lone-surrogate.json",
        "unknown-patience-top-level.yaml", "shape-mapping-for-list.yaml", "range-retries-21.yaml", "sweep-random-unused-distribution.yaml",
        "syntax-invalid-utf8.yaml");

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_loader_refuses_it_with_the_expected_problems_escaped_within_a_second(string file)
    {
        var expected = HostileCorpus.For(file);
        var path = HostileCorpus.Materialize(file, _scratch);

        var result = CpuTime.Bounded(file, () => SweepSpecLoader.LoadFile(path));

        var printed = string.Join("\n", result.Problems.Select(p => $"  {p.Field}\t{p.Message}"));
        Assert.Equal(expected[0].ExitCode, result.IsValid ? ExitCodes.Success : result.ToCliError().ExitCode);
        Assert.True(expected.Count == result.Problems.Count, $"{file}: expected {expected.Count} problems, got:\n{printed}");
        foreach (var expectation in expected)
        {
            Assert.True(result.Problems.Any(p => p.Field == expectation.Field && expectation.IsIn(p.Message)),
                $"{file}: expected {expectation.Field}: {expectation.Message}\ngot:\n{printed}");
        }

        foreach (var problem in result.Problems)
        {
            AssertEscaped(problem.Format(result.Source));
            AssertEscaped(problem.Field);
            AssertEscaped(problem.Value);
        }
    }

    [Fact]
    public void The_corpus_has_at_least_60_files_and_covers_every_class_with_several()
    {
        var committed = System.IO.Directory.EnumerateFiles(HostileCorpus.Directory).Select(f => new FileInfo(f).Name).Where(f => f != "index.tsv").Order().ToList();
        var indexed = HostileCorpus.Files.Where(f => !f.StartsWith(HostileCorpus.Generated, StringComparison.Ordinal)).Order().ToList();

        Assert.Equal(committed, indexed);
        Assert.True(committed.Count >= 60, $"{committed.Count} files");
        Assert.Contains(committed, f => f.EndsWith(".json", StringComparison.Ordinal));
        Assert.Contains(committed, f => f.EndsWith(".yaml", StringComparison.Ordinal));
        Assert.All(HostileCorpus.Files, f => Assert.Contains(HostileCorpus.ClassOf(f), Classes));
        Assert.All(Classes, c => Assert.True(HostileCorpus.Files.Count(f => HostileCorpus.ClassOf(f) == c) >= 3, $"class {c}"));
        Assert.All(committed, f => Assert.True(new FileInfo(Path.Combine(HostileCorpus.Directory, f)).Length < 64 * 1024, $"{f} is large; generate it"));
    }

    [Fact]
    public void Generated_files_are_over_their_limits()
    {
        Assert.Equal((1 << 20) + 1, new FileInfo(HostileCorpus.Materialize("generated:size-over-1mib.yaml", _scratch)).Length);
        Assert.Contains(",", File.ReadAllText(HostileCorpus.Materialize("generated:size-100001-values.json", _scratch)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ProcessCases))]
    public void The_cli_process_exits_2_with_the_message_escaped_and_no_stack_trace(string file)
    {
        using var cli = new CertsweepProcess();
        var path = HostileCorpus.Materialize(file, _scratch);

        var run = cli.Run("spec", "validate", path);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.All(HostileCorpus.For(file), e => Assert.True(e.IsIn(run.Stderr), $"expected {e.Message} in:\n{run.Stderr}"));
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.All(run.Stderr.Split('\n'), AssertEscaped);
    }

    /// <summary>The text holds no control or invisible character (Echo would change it).</summary>
    private static void AssertEscaped(string text) => Assert.Equal(Echo.Escape(text, int.MaxValue), text);
}
