using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Specs;

/// <summary>
/// Turns a spec file's tree (YAML or JSON alike) into a <see cref="SweepSpec"/>, reading every key through its one
/// declaration in <see cref="Parameters"/>: top-level keys fix a value (a group's keys sit under the group's name,
/// <c>schedule: {start: 2}</c>), <c>axes</c> varies the parameters a sweep may vary. Unknown keys, wrong types, values
/// out of their declared bounds and missing required keys become problems here; rules between fields are
/// <see cref="Hyperparameters.Rules.SweepRules"/>'. Binding goes on past a problem so one run reports them all.
/// </summary>
public sealed class SweepSpecBinder
{
    public const string SchemaKey = "$schema";
    public const string AxesKey = "axes";
    private const string DistributionKey = "distribution";

    private readonly List<SpecProblem> _problems = new();
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);

    private SweepSpecBinder()
    {
    }

    /// <summary>The keys a spec's top level takes: the schema pointer, every parameter outside a group, every group, and axes.</summary>
    public static IReadOnlyList<string> TopLevelKeys { get; } =
    [
        SchemaKey,
        .. Parameters.All.Select(p => p.Group?.Name ?? p.Name).Distinct(),
        AxesKey,
    ];

    /// <summary>The keys <c>axes</c> takes: every parameter a sweep may vary.</summary>
    public static IReadOnlyList<string> AxisKeys { get; } = Parameters.All.Where(p => p.Sweepable).Select(p => p.Name).ToList();

    public static IReadOnlyList<string> DistributionKeys { get; } = [DistributionKey, "min", "max"];

    public static IReadOnlyList<string> KeysOf(ParameterGroup group) => Parameters.All.Where(p => p.Group == group).Select(p => p.Key).ToList();

    public static SpecBinding Bind(SpecNode root)
    {
        var binder = new SweepSpecBinder();
        var spec = binder.BindSpec(root);
        return new SpecBinding(spec, binder._problems, binder._positions);
    }

    private SweepSpec BindSpec(SpecNode root)
    {
        var settings = ParameterSet.Empty;
        var axes = new List<SweepAxis>();
        if (Fields(root, SpecPath.Root, TopLevelKeys) is not { } fields)
        {
            return new SweepSpec(settings, axes);
        }

        foreach (var (key, node) in fields)
        {
            if (key == SchemaKey)
            {
                if (node is not SpecScalar { Kind: ScalarKind.String })
                {
                    Problem(SchemaKey, node, "the schema's path or URL (editors read it; certsweep ignores it)");
                }
            }
            else if (key == AxesKey)
            {
                axes.AddRange(BindAxes(node));
            }
            else if (Parameters.Groups.FirstOrDefault(g => g.Name == key) is { } group)
            {
                settings = settings.Merge(BindGroup(group, node));
            }
            else if (Parameters.Find(key) is { } parameter && BindValue(parameter, node, key) is { } value)
            {
                settings = settings.With(parameter, value);
            }
        }

        var written = axes.Select(a => a.Parameter).ToHashSet();
        foreach (var missing in Parameters.All.Where(p => p.Required && !settings.Contains(p) && !written.Contains(p) && !fields.ContainsKey(p.Name)))
        {
            _problems.Add(new SpecProblem(missing.Name, "nothing (the key is missing)", $"{missing.Allowed}; the key is required", null));
        }

        return new SweepSpec(settings, axes);
    }

    /// <summary>A group's values. An optional group written (even as <c>{}</c>) is on, with defaults for the keys it
    /// leaves out; written as <c>null</c> it is off.</summary>
    private ParameterSet BindGroup(ParameterGroup group, SpecNode node)
    {
        var set = ParameterSet.Empty;
        if (group.Optional && node is SpecScalar { Kind: ScalarKind.Null })
        {
            return set;
        }

        if (Fields(node, group.Name, KeysOf(group), $"a mapping with keys {string.Join(", ", KeysOf(group))}{(group.Optional ? ", or null for off" : string.Empty)}") is not { } fields)
        {
            return set;
        }

        foreach (var parameter in Parameters.All.Where(p => p.Group == group))
        {
            if (fields.TryGetValue(parameter.Key, out var valueNode))
            {
                if (BindValue(parameter, valueNode, parameter.Name) is { } value)
                {
                    set = set.With(parameter, value);
                }
            }
            else if (group.Optional && parameter.DefaultFor(set) is { } fallback)
            {
                set = set.With(parameter, fallback);
            }
        }

        return set;
    }

    private IEnumerable<SweepAxis> BindAxes(SpecNode node)
    {
        if (Fields(node, AxesKey, AxisKeys, $"a mapping from parameters to their values, with keys among {string.Join(", ", AxisKeys)}",
                unknownKeyAllowed: key => Parameters.Find(key) is { } fixedOnly
                    ? $"a parameter a sweep may vary; {fixedOnly.Name} is the same for every trial of a sweep (set it at the top level)"
                    : Parameters.Groups.FirstOrDefault(g => g.Name == key) is { } group
                        ? $"a parameter a sweep may vary, by its full name: {string.Join(", ", AxisKeys.Where(k => Parameters.Find(k)!.Group == group))}"
                        : null) is not { } fields)
        {
            yield break;
        }

        foreach (var (key, valueNode) in fields)
        {
            var parameter = Parameters.Find(key)!;
            var path = SpecPath.Key(AxesKey, key);
            // A mapping is a distribution, unless it is the joint item of a parameter that has them ({length, start}).
            if (valueNode is SpecMapping mapping && (mapping.Entries.Any(e => e.Key == DistributionKey) || parameter.JointWith is null))
            {
                if (!parameter.HasDistributions && !mapping.Entries.Any(e => e.Key == DistributionKey))
                {
                    Problem(path, valueNode, AxisAllowed(parameter));
                }
                else if (BindDistribution(parameter, valueNode, path) is { } distribution)
                {
                    yield return new SweepAxis(parameter, null, distribution);
                }

                continue;
            }

            var values = Items(valueNode, path, AxisAllowed(parameter))
                .Select(item => BindAxisItem(parameter, item.Node, item.Path))
                .ToList();
            if (values.All(v => v is not null))
            {
                yield return new SweepAxis(parameter, values.OfType<ParameterSet>().ToList(), null);
            }
        }
    }

    private ParameterSet? BindAxisItem(Parameter parameter, SpecNode node, string path)
    {
        if (node is not SpecMapping || parameter.JointWith is not { } joint)
        {
            return BindValue(parameter, node, path) is { } value ? ParameterSet.Of(parameter, value) : null;
        }

        // A preset's name inside a mapping of its components ({method: fast, bn: mean}) would contradict them.
        var keys = parameter.JointKeys;
        if (Fields(node, path, keys, unknownKeyAllowed: key => key == parameter.Name && parameter.JointKey is null
                ? $"a key of {path}: {string.Join(", ", keys)}; an item is either a {parameter.Name} name or a mapping of the keys it sets, not both"
                : null) is not { } fields)
        {
            return null;
        }

        ParameterSet? set = ParameterSet.Empty;
        if (parameter.JointKey is not { } ownKey)
        {
            if (((SpecMapping)node).Entries.Count == 0)
            {
                _problems.Add(new SpecProblem(path, "{}", $"a {parameter.Name} name, or a mapping with at least one of {string.Join(", ", keys)}", node.Position));
                return null;
            }

            if (fields.Count == 0)
            {
                return null;
            }
        }
        else if (!fields.TryGetValue(ownKey, out var ownNode))
        {
            Missing(SpecPath.Key(path, ownKey), $"{parameter.Allowed}; the key is required", node.Position);
            return null;
        }
        else
        {
            set = BindValue(parameter, ownNode, SpecPath.Key(path, ownKey)) is { } own ? ParameterSet.Of(parameter, own) : null;
        }

        foreach (var (key, other) in joint)
        {
            if (fields.TryGetValue(key, out var otherNode))
            {
                var value = BindValue(other, otherNode, SpecPath.Key(path, key));
                set = value is null ? null : set?.With(other, value);
            }
        }

        return set;
    }

    private Distribution? BindDistribution(Parameter parameter, SpecNode node, string path)
    {
        if (Fields(node, path, DistributionKeys) is not { } fields)
        {
            return null;
        }

        foreach (var key in DistributionKeys.Where(k => !fields.ContainsKey(k)))
        {
            Missing(SpecPath.Key(path, key), key == DistributionKey
                ? $"one of {string.Join(", ", Distribution.Names.Keys)}; the key is required"
                : "a number; the key is required", node.Position);
        }

        DistributionKind? kind = null;
        if (fields.TryGetValue(DistributionKey, out var kindNode))
        {
            if (kindNode is SpecScalar { Kind: ScalarKind.String } scalar && Distribution.Names.TryGetValue(scalar.Text, out var known))
            {
                kind = known;
            }
            else
            {
                Problem(SpecPath.Key(path, DistributionKey), kindNode, $"one of {string.Join(", ", Distribution.Names.Keys)}");
            }
        }

        var min = fields.TryGetValue("min", out var minNode) ? Bound(minNode, SpecPath.Key(path, "min"), parameter) : null;
        var max = fields.TryGetValue("max", out var maxNode) ? Bound(maxNode, SpecPath.Key(path, "max"), parameter) : null;
        return kind is { } k && min is not null && max is not null ? new Distribution(k, min, max) : null;
    }

    /// <summary>A distribution bound: any finite number here; whether it fits the parameter is the sweep rules' check.</summary>
    private ParameterValue? Bound(SpecNode node, string path, Parameter parameter)
    {
        if (node is SpecScalar scalar && scalar.TryGetNumber(out var number) && double.IsFinite(number))
        {
            return ParameterValue.Of(number, scalar.Text);
        }

        Problem(path, node, $"a number ({parameter.Allowed})");
        return null;
    }

    /// <summary>One value of <paramref name="parameter"/>; a list parameter takes a list (or one number), the others a scalar.</summary>
    private ParameterValue? BindValue(Parameter parameter, SpecNode node, string path)
    {
        if (parameter is IListParameter list)
        {
            if (node is SpecMapping)
            {
                Problem(path, node, parameter.Allowed);
                return null;
            }

            var items = Items(node, path, parameter.Allowed).ToList();
            var values = items.Select(item => item.Node is SpecScalar s && list.ReadItem(s.Scalar) is { } v ? v : ItemProblem(item, list.ItemAllowed)).ToList();
            if (values.Any(v => v is null))
            {
                return null;
            }

            var value = list.FromItems(values!, $"[{string.Join(", ", values.Select(v => v!.Written))}]");
            if (parameter.Violation(value) is { } allowed)
            {
                _problems.Add(new SpecProblem(path, Echo.Escape(value.Written), allowed, node.Position));
                return null;
            }

            return value;
        }

        if (node is SpecScalar scalar && parameter.Read(scalar.Scalar) is { } read)
        {
            return read;
        }

        Problem(path, node, node is SpecScalar ? parameter.Allowed : $"{parameter.Allowed} (one value, not {node.Describe()})");
        return null;
    }

    private ParameterValue? ItemProblem((SpecNode Node, string Path) item, string allowed)
    {
        Problem(item.Path, item.Node, allowed);
        return null;
    }

    private static string AxisAllowed(Parameter parameter) =>
        $"a value or a list of values, each {parameter.Allowed}"
        + (parameter.JointWith is null ? string.Empty
            : parameter.JointKey is null ? $", or a mapping of some of {{{string.Join(", ", parameter.JointKeys)}}}"
            : $", or {{{string.Join(", ", parameter.JointKeys)}}}")
        + (parameter.HasDistributions ? $", or (random search, TPE) a distribution {{{string.Join(", ", DistributionKeys)}}}" : string.Empty);

    /// <summary>A mapping's entries with only the keys in <paramref name="keys"/>; each other key is a problem, with a
    /// spelling suggestion when one is close. Null (and a problem) when the node is not a mapping.</summary>
    private Dictionary<string, SpecNode>? Fields(
        SpecNode node, string path, IReadOnlyList<string> keys, string? shape = null, Func<string, string?>? unknownKeyAllowed = null)
    {
        Record(path, node);
        var place = path.Length == 0 ? "a top-level key" : $"a key of {path}";
        var shown = keys.Where(k => k != SchemaKey).ToList();
        if (node is not SpecMapping mapping)
        {
            Problem(SpecPath.Display(path), node, shape ?? $"a mapping with keys {string.Join(", ", shown)}");
            return null;
        }

        var fields = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var field = SpecPath.Key(path, Echo.Escape(entry.Key));
            if (!keys.Contains(entry.Key))
            {
                var allowed = unknownKeyAllowed?.Invoke(entry.Key) ?? $"{place}: {string.Join(", ", shown)}{Suggestion(entry.Key, keys, path)}";
                _problems.Add(new SpecProblem(field, $"the unknown key {Echo.Escape(entry.Key)}", allowed, entry.KeyPosition));
                continue;
            }

            Record(field, entry.Value);
            fields[entry.Key] = entry.Value;
        }

        return fields;
    }

    /// <summary>" (did you mean X?)" for a likely typo of a key here, of a key that belongs in a group
    /// (<c>patience</c> at the top level suggests <c>early_stopping.patience</c>), or, inside a group, of a top-level
    /// key (<c>schedule: {warmup: 5}</c> suggests warmup at the top level).</summary>
    private static string Suggestion(string key, IReadOnlyList<string> keys, string path)
    {
        var suggestion = SpellingSuggestion.Closest(key, keys)
            ?? Parameters.All.Where(p => p.Group is not null && SpellingSuggestion.Closest(key, [p.Key]) is not null).Select(p => p.Name).FirstOrDefault()
            ?? (Parameters.Groups.Any(g => g.Name == path) && SpellingSuggestion.Closest(key, TopLevelKeys.Where(k => k != SchemaKey)) is { } topLevel
                ? $"{topLevel} at the top level"
                : null);
        return suggestion is null ? string.Empty : $" (did you mean {suggestion}?)";
    }

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
            case SpecMapping:
                return [(node, path)];
            default:
                Problem(path, node, allowed);
                return [];
        }
    }

    private void Record(string path, SpecNode node) => _positions.TryAdd(path, node.Position);

    private void Problem(string path, SpecNode node, string allowed) => _problems.Add(new SpecProblem(path, node.Describe(), allowed, node.Position));

    private void Missing(string path, string allowed, SourcePosition position) =>
        _problems.Add(new SpecProblem(path, "nothing (the key is missing)", allowed, position));
}
