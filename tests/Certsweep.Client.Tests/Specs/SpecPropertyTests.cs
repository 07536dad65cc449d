using System.Collections.Concurrent;
using Certsweep.Client.Commands;
using Certsweep.Client.Specs;
using Certsweep.Client.Tests.Commands;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;
using Certsweep.Training.Data;
using Certsweep.Training.Loop;
using Certsweep.Training.Models;
using CsCheck;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Certsweep.Client.Tests.Specs;

/// <summary>
/// Property tests of the spec path with CsCheck: random spec trees built from the declared keys, mutations of every
/// example, and both through <c>spec validate</c> in-process. Whatever the input: no exception out of the loader or
/// the validator, exit code 0 or 2, every problem escaped, each case within <see cref="CpuTime.PerCase"/>; and every
/// spec that validates expands only to trials that the trainer's own check accepts and whose model builds for the
/// data set. Iterations (about 30 s in all on two shared cores): <see cref="RandomIterations"/> random specs,
/// <see cref="MutationIterations"/> mutated examples, <see cref="VerbIterations"/> runs of the verb.
/// </summary>
public sealed class SpecPropertyTests(ITestOutputHelper output)
{
    public const int RandomIterations = 3_000;
    public const int MutationIterations = 2_000;
    public const int VerbIterations = 300;

    /// <summary>Models small enough to build for every data set in a test; the others are built for the smallest.</summary>
    private static readonly HashSet<string> SmallModels = ["cnn_4layer_bn"];

    private static readonly ConcurrentDictionary<(string Model, string Dataset), bool> Built = new();
    private static readonly Lock BuildLock = new();
    /// <summary>How often each reason stopped a spec, printed by the random-spec test.</summary>
    private static readonly ConcurrentDictionary<string, int> Reasons = new();

    private static readonly IReadOnlyList<(string Name, SpecNode Root)> Examples = RepositoryFiles.ExampleSpecs()
        .Select(path => (Path.GetFileName(path), SweepSpecLoader.FormatOf(path, File.ReadAllText(path)) == SpecFormat.Json
            ? JsonSpecReader.Read(File.ReadAllText(path))! : YamlSpecReader.Read(File.ReadAllText(path))!))
        .ToList();

    [Fact]
    public void Random_specs_load_to_a_spec_or_problems_and_valid_ones_expand_to_trials_the_trainer_accepts()
    {
        var valid = 0;
        Gen.Select(SpecGenerators.RandomSpec, Gen.Bool).Sample((tree, json) =>
        {
            if (Check(tree.Write(json ? SpecFormat.Json : SpecFormat.Yaml), json ? SpecFormat.Json : SpecFormat.Yaml))
            {
                Interlocked.Increment(ref valid);
            }
        }, iter: RandomIterations, print: x => x.Item1.ToString());

        output.WriteLine($"{valid} of {RandomIterations} random specs valid");
        output.WriteLine(string.Join("\n", Reasons.OrderByDescending(r => r.Value).Take(12).Select(r => $"{r.Value} {r.Key}")));
        Assert.True(valid >= RandomIterations / 20, $"only {valid} valid specs: the generator no longer reaches the expansion");
    }

    [Fact]
    public void Mutated_examples_load_to_a_spec_or_problems_and_valid_ones_expand_to_trials_the_trainer_accepts()
    {
        Assert.Equal(6, Examples.Count);
        var valid = 0;
        SpecGenerators.MutatedExample(Examples).Sample(sample =>
        {
            if (Check(sample.Tree.Write(sample.Format), sample.Format))
            {
                Interlocked.Increment(ref valid);
            }
        }, iter: MutationIterations, print: x => $"{x.Example} ({x.Format}): {x.Tree}");

        output.WriteLine($"{valid} of {MutationIterations} mutated examples valid");
        Assert.True(valid >= MutationIterations / 20, $"only {valid} valid specs");
    }

    [Fact]
    public void The_validate_verb_exits_0_or_2_on_any_spec_without_an_exception()
    {
        using var scratch = new TemporaryDirectory();
        var codes = new ConcurrentDictionary<int, int>();
        Gen.Select(Gen.Frequency<SpecText>((1, SpecGenerators.RandomSpec), (1, SpecGenerators.MutatedExample(Examples).Select(x => x.Tree))), Gen.Bool)
            .Sample((tree, json) =>
            {
                var path = Path.Combine(scratch.Path, $"{Guid.NewGuid():N}{(json ? ".json" : ".yaml")}");
                File.WriteAllText(path, tree.Write(json ? SpecFormat.Json : SpecFormat.Yaml));
                var (code, stdout, stderr) = CpuTime.Bounded(path, () => CommandRunner.RunAsync(SpecCommand.Create(), "spec", "validate", path).GetAwaiter().GetResult());

                Assert.True(code is ExitCodes.Success or ExitCodes.InvalidInput, $"exit {code}: {stderr}");
                Assert.True(code == ExitCodes.Success ? stderr.Length == 0 && stdout.Contains("valid: ", StringComparison.Ordinal) : stderr.StartsWith("error: ", StringComparison.Ordinal), stdout + stderr);
                Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
                Assert.All((stdout + stderr).Split('\n'), line => Assert.Equal(Echo.Escape(line, int.MaxValue), line));
                codes.AddOrUpdate(code, 1, (_, n) => n + 1);
            }, iter: VerbIterations, threads: 1, print: x => x.Item1.ToString());

        output.WriteLine(string.Join(", ", codes.Select(c => $"exit {c.Key}: {c.Value}")));
        Assert.Equal([ExitCodes.Success, ExitCodes.InvalidInput], codes.Keys.Order());
    }

    /// <summary>Loads one spec text and checks the properties; true when it is valid.</summary>
    private static bool Check(string text, SpecFormat format)
    {
        var result = CpuTime.Bounded(text.Length > 300 ? text[..300] : text, () => SweepSpecLoader.Parse(text, format, "spec"));
        if (!result.IsValid)
        {
            Assert.NotEmpty(result.Problems);
            Assert.Equal(ExitCodes.InvalidInput, result.ToCliError().ExitCode);
            Assert.All(result.Problems, p => Assert.Equal(Echo.Escape(p.Format("spec"), int.MaxValue), p.Format("spec")));
            foreach (var problem in result.Problems)
            {
                Reasons.AddOrUpdate(Reason(problem.Format("spec")), 1, (_, n) => n + 1);
            }
            return false;
        }

        // A TPE sweep proposes its trials while it runs; the trials that stand for it before it starts are checked.
        var trials = CpuTime.Bounded("expansion", () => result.Spec.IsTpeSearch ? SweepExpansion.Representatives(result.Spec) : SweepExpansion.Expand(result.Spec));
        Assert.NotEmpty(trials);
        foreach (var trial in trials)
        {
            var errors = new TrainingOptions { Trial = trial }.Validate();
            Assert.True(errors.Count == 0, $"the trainer refuses a trial of a valid spec: {trial}: {string.Join("; ", errors)}");
        }

        foreach (var pair in trials.Select(t => (t.Get(Parameters.Model), t.Get(Parameters.Dataset))).Distinct())
        {
            Build(pair.Item1, SmallModels.Contains(pair.Item1) ? pair.Item2 : "synthetic");
        }

        return true;
    }

    /// <summary>A problem without its place, cut short: what the tests print to show where random specs stop.</summary>
    private static string Reason(string problem)
    {
        var reason = string.Join(": ", problem.Split(": ").Skip(1).Take(2));
        return reason.Length > 90 ? reason[..90] : reason;
    }

    /// <summary>Builds the model for the data set's shape once per pair (building allocates its weights).</summary>
    private static void Build(string model, string dataset)
    {
        if (Built.ContainsKey((model, dataset)))
        {
            return;
        }

        lock (BuildLock)
        {
            if (Built.ContainsKey((model, dataset)))
            {
                return;
            }

            using var scope = NewDisposeScope();
            var info = DatasetCatalog.Describe(dataset);
            using var network = ModelZoo.Create(model, info.Shape, info.Classes);
            Built[(model, dataset)] = true;
        }
    }
}
