using System.Globalization;
using System.Text;
using Certsweep.Hyperparameters.Rules;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Specs;

/// <summary>
/// The only way a spec file becomes a <see cref="SweepSpec"/>: read (YAML or JSON), bind, validate. Every verb
/// that takes a spec goes through here and stops with exit code 2 on any problem, so nothing invalid reaches
/// the cluster.
/// </summary>
public static class SweepSpecLoader
{
    /// <summary>The file name that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>What raises the client's trial limit; a cluster has its own (the silos' --max-trials).</summary>
    private const string MaxTrialsSetting = "--max-trials or max_trials in the client config";

    /// <summary>The largest spec file read: a sweep of 10,000 listed trials fits many times over.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>UTF-8 that refuses bytes that are not UTF-8, instead of reading them as U+FFFD (a file that is not
    /// text, or not UTF-8, is refused as such rather than with a value nobody wrote).</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static SpecLoadResult LoadFile(string path, int maxTrials = TrialLimit.DefaultMax)
    {
        string text;
        try
        {
            var tooLarge = new SpecLoadResult(Echo.Escape(path), null,
                [new SpecProblem(SpecProblem.FileField, "larger than 1 MiB", "a spec file of at most 1 MiB (1048576 bytes)", null)]);
            if (path == StandardInput)
            {
                var buffer = new char[MaxBytes + 1];
                var read = Console.In.ReadBlock(buffer, 0, buffer.Length);
                if (read > MaxBytes)
                {
                    return tooLarge;
                }

                text = new string(buffer, 0, read);
            }
            else
            {
                if (new FileInfo(path).Exists && new FileInfo(path).Length > MaxBytes)
                {
                    return tooLarge;
                }

                text = File.ReadAllText(path, StrictUtf8);
            }
        }
        catch (DecoderFallbackException e)
        {
            return new SpecLoadResult(Echo.Escape(path), null, [new SpecProblem(SpecProblem.FileField,
                $"not UTF-8 text (invalid bytes: {string.Join(' ', (e.BytesUnknown ?? []).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))})",
                "a YAML or JSON spec file in UTF-8", null)]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : $"cannot be read ({e.Message})";
            return new SpecLoadResult(Echo.Escape(path), null, [new SpecProblem(SpecProblem.FileField, why, "a readable YAML or JSON spec file (- reads standard input)", null)]);
        }

        return Parse(text, FormatOf(path, text), Echo.Escape(path), maxTrials);
    }

    public static SpecLoadResult Parse(string text, SpecFormat format, string source = "spec", int maxTrials = TrialLimit.DefaultMax)
    {
        SpecNode? root;
        try
        {
            root = format == SpecFormat.Json ? JsonSpecReader.Read(text) : YamlSpecReader.Read(text);
        }
        catch (SpecSyntaxException e)
        {
            return new SpecLoadResult(source, null, [e.Problem]);
        }

        if (root is null)
        {
            return new SpecLoadResult(source, null, [new SpecProblem("spec", "an empty file", "a mapping with at least dataset, eps and epochs", null)]);
        }

        var binding = SweepSpecBinder.Bind(root);
        var problems = binding.Problems.ToList();

        // Range checks run on the best-effort spec too, so one run shows everything; a field the binder already
        // reported (or one inside it, every field when the spec itself is not a mapping) is left out, since its value
        // there is only a default.
        problems.AddRange(SweepRules.Validate(binding.Spec, new TrialLimit(maxTrials, MaxTrialsSetting), complete: binding.Problems.Count == 0)
            .Where(error => !binding.Problems.Any(p => SpecPath.Related(p.Field == SpecPath.Display(SpecPath.Root) ? SpecPath.Root : p.Field, error.Field)))
            .Select(error => new SpecProblem(error.Field, binding.IsWritten(error.Field) ? error.Value : $"{error.Value} (the default)", error.Allowed, binding.PositionOf(error.Field))));
        var ordered = problems.OrderBy(p => p.Position?.Line ?? int.MaxValue).ThenBy(p => p.Position?.Column ?? 0).ToList();
        return new SpecLoadResult(source, ordered.Count == 0 ? binding.Spec : null, ordered, binding.IsWritten);
    }

    /// <summary>JSON for <c>.json</c>, YAML for <c>.yaml</c>/<c>.yml</c>; otherwise JSON when the text starts with '{'.</summary>
    public static SpecFormat FormatOf(string path, string text) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => SpecFormat.Json,
        ".yaml" or ".yml" => SpecFormat.Yaml,
        _ => text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{') ? SpecFormat.Json : SpecFormat.Yaml,
    };
}
