using System.Globalization;
using System.Text.RegularExpressions;
using Certsweep.Contracts;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Specs;

/// <summary>
/// Turns a spec file's tree (YAML or JSON alike) into a <see cref="SweepSpec"/>. The one place that knows the
/// file's keys; <c>schemas/sweep-spec.schema.json</c> describes the same keys and a test keeps the two equal.
/// Unknown keys, wrong types and missing required keys become problems here; value ranges are
/// <see cref="SweepSpecValidator"/>'s. Binding goes on past a problem so one run reports them all.
/// </summary>
public sealed partial class SweepSpecBinder
{
    public const string SchemaKey = "$schema";

    public static IReadOnlyList<string> TopLevelKeys { get; } =
    [
        SchemaKey, "name", "dataset", "train_limit", "test_limit", "eps", "epochs", "schedule", "batch_size", "grad_acc", "lr",
        "lr_milestones", "axes", "search", "max_concurrency", "retries", "early_stopping",
    ];

    public static IReadOnlyList<string> RequiredKeys { get; } = ["dataset", "eps", "epochs"];

    public static IReadOnlyList<string> ScheduleKeys { get; } = ["kind", "start", "mid", "beta"];

    public static IReadOnlyList<string> AxesKeys { get; } = ["lambda", "warmup", "model", "method", "seed"];

    public static IReadOnlyList<string> WarmupKeys { get; } = ["length", "start"];

    public static IReadOnlyList<string> DistributionKeys { get; } = ["distribution", "min", "max"];

    public static IReadOnlyList<string> SearchKeys { get; } = ["kind", "trials", "seed"];

    public static IReadOnlyList<string> EarlyStoppingKeys { get; } = ["patience", "min_delta"];

    private static readonly string DatasetAllowed = $"one of {string.Join(", ", KnownDatasets.Names)}";
    private static readonly string ModelAllowed = $"one of {string.Join(", ", KnownModels.Names)}";
    private static readonly string MethodAllowed = $"one of {string.Join(", ", SpecNames.Methods.Keys)}";
    private const string EpsAllowed = "a number with 0 < eps <= 1 (raw pixel units) or a fraction such as 8/255";

    private readonly List<SpecProblem> _problems = new();
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);

    private SweepSpecBinder()
    {
    }

    public static SpecBinding Bind(SpecNode root)
    {
        var binder = new SweepSpecBinder();
        var spec = binder.BindSpec(root);
        return new SpecBinding(spec, binder._problems, binder._positions);
    }

    private SweepSpec BindSpec(SpecNode root)
    {
        var spec = new SweepSpec();
        if (Fields(root, SpecPath.Root, TopLevelKeys) is not { } f)
        {
            return spec;
        }

        foreach (var key in RequiredKeys.Where(k => !f.ContainsKey(k)))
        {
            _problems.Add(new SpecProblem(key, "nothing (the key is missing)", key switch
            {
                "dataset" => DatasetAllowed,
                "eps" => EpsAllowed,
                _ => "an integer >= 1",
            } + "; the key is required", null));
        }

        if (f.TryGetValue(SchemaKey, out var schema))
        {
            Text(schema, SchemaKey, "the schema's path or URL (editors read it; certsweep ignores it)", anyScalar: false);
        }

        if (f.TryGetValue("name", out var name) && Text(name, "name", "a free-text title", anyScalar: true) is { } title)
        {
            spec = spec with { Name = title };
        }

        if (f.TryGetValue("dataset", out var dataset) && Text(dataset, "dataset", DatasetAllowed) is { } datasetName)
        {
            spec = spec with { Dataset = datasetName };
        }

        if (f.TryGetValue("train_limit", out var trainLimit) && !IsNull(trainLimit) && Int(trainLimit, "train_limit", "an integer >= 2, or null for all samples") is { } train)
        {
            spec = spec with { TrainLimit = train };
        }

        if (f.TryGetValue("test_limit", out var testLimit) && !IsNull(testLimit) && Int(testLimit, "test_limit", "an integer >= 1, or null for all samples") is { } test)
        {
            spec = spec with { TestLimit = test };
        }

        if (f.TryGetValue("eps", out var eps) && Eps(eps) is { } epsValue)
        {
            spec = spec with { Eps = epsValue };
        }

        if (f.TryGetValue("epochs", out var epochs) && Int(epochs, "epochs", "an integer >= 1") is { } epochCount)
        {
            spec = spec with { Epochs = epochCount };
        }

        if (f.TryGetValue("schedule", out var schedule))
        {
            spec = spec with { Schedule = BindSchedule(schedule) };
        }

        if (f.TryGetValue("batch_size", out var batch) && Int(batch, "batch_size", "an integer >= 2") is { } batchSize)
        {
            spec = spec with { BatchSize = batchSize };
        }

        if (f.TryGetValue("grad_acc", out var gradAcc) && Int(gradAcc, "grad_acc", "an integer >= 1 (micro-batches per batch)") is { } accumulation)
        {
            spec = spec with { GradientAccumulation = accumulation };
        }

        if (f.TryGetValue("lr", out var lr) && Number(lr, "lr", "a number > 0") is { } rate)
        {
            spec = spec with { LearningRate = rate };
        }

        if (f.TryGetValue("lr_milestones", out var milestones))
        {
            spec = spec with { LrMilestones = List(milestones, "lr_milestones", "a list of epochs >= 1 (possibly empty)", (n, p) => Int(n, p, "an integer epoch >= 1")) };
        }
        else
        {
            // The default milestones are the paper's for 70 epochs. A shorter run keeps those it reaches: the others
            // could never lower its rate, and the validator refuses milestones past the last epoch.
            spec = spec with { LrMilestones = spec.LrMilestones.Where(m => m <= spec.Epochs).ToArray() };
        }

        if (f.TryGetValue("axes", out var axes))
        {
            spec = spec with { Axes = BindAxes(axes) };
        }

        if (f.TryGetValue("search", out var search))
        {
            spec = spec with { Search = BindSearch(search) };
        }

        if (f.TryGetValue("max_concurrency", out var concurrency) && Int(concurrency, "max_concurrency", "an integer >= 0 (0: no limit)") is { } maxConcurrency)
        {
            spec = spec with { MaxConcurrency = maxConcurrency };
        }

        if (f.TryGetValue("retries", out var retries) && Int(retries, "retries", "an integer >= 0") is { } retryCount)
        {
            spec = spec with { Retries = retryCount };
        }

        if (f.TryGetValue("early_stopping", out var early))
        {
            spec = spec with { EarlyStopping = IsNull(early) ? null : BindEarlyStopping(early) };
        }

        return spec;
    }

    private EpsScheduleSpec BindSchedule(SpecNode node)
    {
        var schedule = new EpsScheduleSpec();
        if (Fields(node, "schedule", ScheduleKeys) is not { } f)
        {
            return schedule;
        }

        if (f.TryGetValue("kind", out var kind) && Name(kind, "schedule.kind", SpecNames.Schedules) is { } scheduleKind)
        {
            schedule = schedule with { Kind = scheduleKind };
        }

        if (f.TryGetValue("start", out var start) && Int(start, "schedule.start", "an integer epoch >= 1 (the default start of the eps ramp)") is { } first)
        {
            schedule = schedule with { Start = first };
        }

        if (f.TryGetValue("mid", out var mid) && Number(mid, "schedule.mid", "a number with 0 <= mid <= 1") is { } midValue)
        {
            schedule = schedule with { Mid = midValue };
        }

        if (f.TryGetValue("beta", out var beta) && Number(beta, "schedule.beta", "a number >= 2") is { } betaValue)
        {
            schedule = schedule with { Beta = betaValue };
        }

        return schedule;
    }

    private SweepAxes BindAxes(SpecNode node)
    {
        var axes = new SweepAxes();
        if (Fields(node, "axes", AxesKeys) is not { } f)
        {
            return axes;
        }

        if (f.TryGetValue("lambda", out var lambda))
        {
            axes = axes with { Lambda = BindLambda(lambda) };
        }

        if (f.TryGetValue("warmup", out var warmup))
        {
            axes = axes with { Warmup = BindWarmup(warmup) };
        }

        if (f.TryGetValue("model", out var model))
        {
            axes = axes with { Model = ObjectList(model, "axes.model", $"a model or a list of models, each {ModelAllowed}", (n, p) => Text(n, p, ModelAllowed)) };
        }

        if (f.TryGetValue("method", out var method))
        {
            axes = axes with { Method = List(method, "axes.method", $"a method or a list of methods, each {MethodAllowed}", (n, p) => Name(n, p, SpecNames.Methods)) };
        }

        if (f.TryGetValue("seed", out var seed))
        {
            axes = axes with { Seed = List(seed, "axes.seed", "an integer seed or a list of them", (n, p) => Int(n, p, "an integer seed")) };
        }

        return axes;
    }

    private NumberAxis BindLambda(SpecNode node)
    {
        const string field = "axes.lambda";
        if (node is SpecMapping)
        {
            return new NumberAxis { Distribution = BindDistribution(node, field) };
        }

        return new NumberAxis
        {
            Values = List(node, field, "a number >= 0, a list of them, or (random search) a distribution {distribution, min, max}",
                (n, p) => Number(n, p, "a number >= 0")),
        };
    }

    private WarmupAxis BindWarmup(SpecNode node)
    {
        const string field = "axes.warmup";
        if (node is SpecMapping mapping && mapping.Entries.Any(e => e.Key == "distribution"))
        {
            return new WarmupAxis { Length = BindDistribution(node, field) };
        }

        return new WarmupAxis
        {
            Values = ObjectList(node, field, "a warmup length, {length, start}, a list of those, or (random search) a distribution {distribution, min, max}",
                BindWarmupSetting),
        };
    }

    private WarmupSetting? BindWarmupSetting(SpecNode node, string path)
    {
        const string allowed = "an integer warmup length in epochs or {length, start}";
        if (node is SpecScalar)
        {
            return Int(node, path, allowed) is { } length ? new WarmupSetting(length) : null;
        }

        if (Fields(node, path, WarmupKeys) is not { } f)
        {
            return null;
        }

        if (!f.TryGetValue("length", out var lengthNode))
        {
            Missing(SpecPath.Key(path, "length"), "an integer warmup length in epochs; the key is required", node.Position);
            return null;
        }

        var value = Int(lengthNode, SpecPath.Key(path, "length"), "an integer warmup length in epochs");
        int? start = f.TryGetValue("start", out var startNode) ? Int(startNode, SpecPath.Key(path, "start"), "an integer epoch >= 1") : null;
        return value is { } v && (start is not null || startNode is null) ? new WarmupSetting(v, start) : null;
    }

    private Distribution? BindDistribution(SpecNode node, string path)
    {
        if (Fields(node, path, DistributionKeys) is not { } f)
        {
            return null;
        }

        foreach (var key in DistributionKeys.Where(k => !f.ContainsKey(k)))
        {
            Missing(SpecPath.Key(path, key), key == "distribution" ? $"one of {string.Join(", ", SpecNames.Distributions.Keys)}; the key is required" : "a number; the key is required", node.Position);
        }

        var kind = f.TryGetValue("distribution", out var k) ? Name(k, SpecPath.Key(path, "distribution"), SpecNames.Distributions) : null;
        var min = f.TryGetValue("min", out var lo) ? Number(lo, SpecPath.Key(path, "min"), "a number") : null;
        var max = f.TryGetValue("max", out var hi) ? Number(hi, SpecPath.Key(path, "max"), "a number") : null;
        return kind is { } kindValue && min is { } minValue && max is { } maxValue ? new Distribution(kindValue, minValue, maxValue) : null;
    }

    private SearchSpec BindSearch(SpecNode node)
    {
        var search = new SearchSpec();
        if (Fields(node, "search", SearchKeys) is not { } f)
        {
            return search;
        }

        if (f.TryGetValue("kind", out var kind) && Name(kind, "search.kind", SpecNames.Searches) is { } searchKind)
        {
            search = search with { Kind = searchKind };
        }

        if (f.TryGetValue("trials", out var trials) && !IsNull(trials) && Int(trials, "search.trials", "an integer >= 1 (random search)") is { } count)
        {
            search = search with { Trials = count };
        }

        if (f.TryGetValue("seed", out var seed) && Int(seed, "search.seed", "an integer seed of the random search") is { } seedValue)
        {
            search = search with { Seed = seedValue };
        }

        return search;
    }

    private EarlyStoppingSpec BindEarlyStopping(SpecNode node)
    {
        var early = new EarlyStoppingSpec();
        if (Fields(node, "early_stopping", EarlyStoppingKeys) is not { } f)
        {
            return early;
        }

        if (f.TryGetValue("patience", out var patience) && Int(patience, "early_stopping.patience", "an integer >= 1 (epochs)") is { } epochs)
        {
            early = early with { Patience = epochs };
        }

        if (f.TryGetValue("min_delta", out var delta) && Number(delta, "early_stopping.min_delta", "a number >= 0 (a share of the test set)") is { } minDelta)
        {
            early = early with { MinDelta = minDelta };
        }

        return early;
    }

    /// <summary>A mapping's entries with only the keys in <paramref name="keys"/>; each other key is a problem.
    /// Null (and a problem) when the node is not a mapping.</summary>
    private Dictionary<string, SpecNode>? Fields(SpecNode node, string path, IReadOnlyList<string> keys)
    {
        Record(path, node);
        var place = path.Length == 0 ? "a top-level key" : $"a key of {path}";
        if (node is not SpecMapping mapping)
        {
            Problem(path.Length == 0 ? "spec" : path, node, $"a mapping with keys {string.Join(", ", keys.Where(k => k != SchemaKey))}");
            return null;
        }

        var fields = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var field = SpecPath.Key(path, entry.Key);
            if (!keys.Contains(entry.Key))
            {
                var suggestion = SpellingSuggestion.Closest(entry.Key, keys);
                _problems.Add(new SpecProblem(field, $"the unknown key {entry.Key}",
                    $"{place}: {string.Join(", ", keys.Where(k => k != SchemaKey))}{(suggestion is null ? string.Empty : $" (did you mean {suggestion}?)")}", entry.KeyPosition));
                continue;
            }

            Record(field, entry.Value);
            fields[entry.Key] = entry.Value;
        }

        return fields;
    }

    /// <summary>A list of values, each converted by <paramref name="item"/> (null: a problem was recorded).</summary>
    private List<T> List<T>(SpecNode node, string path, string allowed, Func<SpecNode, string, T?> item)
        where T : struct =>
        Items(node, path, allowed).Select(i => item(i.Node, i.Path)).Where(v => v.HasValue).Select(v => v!.Value).ToList();

    private List<T> ObjectList<T>(SpecNode node, string path, string allowed, Func<SpecNode, string, T?> item)
        where T : class =>
        Items(node, path, allowed).Select(i => item(i.Node, i.Path)).OfType<T>().ToList();

    /// <summary>The items of a list with their paths; a single scalar counts as a list of one (path without index).</summary>
    private IEnumerable<(SpecNode Node, string Path)> Items(SpecNode node, string path, string allowed)
    {
        switch (node)
        {
            case SpecSequence sequence:
                var items = sequence.Items.Select((n, i) => (Node: n, Path: SpecPath.Item(path, i))).ToList();
                items.ForEach(i => Record(i.Path, i.Node));
                return items;
            case SpecScalar { Kind: not ScalarKind.Null }:
                return [(node, path)];
            default:
                Problem(path, node, allowed);
                return [];
        }
    }

    private int? Int(SpecNode node, string path, string allowed)
    {
        if (node is SpecScalar scalar && scalar.TryGetNumber(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        Problem(path, node, allowed);
        return null;
    }

    private double? Number(SpecNode node, string path, string allowed)
    {
        if (node is SpecScalar scalar && scalar.TryGetNumber(out var value))
        {
            return value;
        }

        Problem(path, node, allowed);
        return null;
    }

    private string? Text(SpecNode node, string path, string allowed, bool anyScalar = false)
    {
        if (node is SpecScalar { Kind: ScalarKind.String } || (anyScalar && node is SpecScalar { Kind: not ScalarKind.Null }))
        {
            return ((SpecScalar)node).Text;
        }

        Problem(path, node, allowed);
        return null;
    }

    private T? Name<T>(SpecNode node, string path, IReadOnlyDictionary<string, T> names)
        where T : struct, Enum
    {
        if (node is SpecScalar { Kind: ScalarKind.String } scalar && names.TryGetValue(scalar.Text, out var value))
        {
            return value;
        }

        Problem(path, node, $"one of {string.Join(", ", names.Keys)}");
        return null;
    }

    private double? Eps(SpecNode node)
    {
        if (node is SpecScalar { Kind: ScalarKind.String } scalar && Fraction().Match(scalar.Text) is { Success: true } match)
        {
            var numerator = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var denominator = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (denominator > 0)
            {
                return numerator / denominator;
            }
        }
        else if (node is SpecScalar number && number.TryGetNumber(out var value))
        {
            return value;
        }

        Problem("eps", node, EpsAllowed);
        return null;
    }

    private static bool IsNull(SpecNode node) => node is SpecScalar { Kind: ScalarKind.Null };

    private void Record(string path, SpecNode node) => _positions.TryAdd(path, node.Position);

    private void Problem(string path, SpecNode node, string allowed) => _problems.Add(new SpecProblem(path, node.Describe(), allowed, node.Position));

    private void Missing(string path, string allowed, SourcePosition position) =>
        _problems.Add(new SpecProblem(path, "nothing (the key is missing)", allowed, position));

    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)\s*$")]
    private static partial Regex Fraction();
}
