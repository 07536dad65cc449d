using Certsweep.Client.Specs;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Declarations;
using CsCheck;
using static Certsweep.Client.Tests.Specs.SpecText;

namespace Certsweep.Client.Tests.Specs;

/// <summary>
/// CsCheck generators of spec trees: random trees built from the declared keys (<see cref="RandomSpec"/>) and
/// mutations of the example specs (<see cref="MutatedExample"/>). Values mix valid ones (biased towards sizes that
/// fit together, so that a good share of the specs is valid), boundary values, hostile numbers, wrong types, and long
/// and escape-laden strings.
/// </summary>
public static class SpecGenerators
{
    private static readonly string[] HostileNumbers =
    [
        "1e400", "-1e400", "NaN", "Infinity", "-Infinity", "2147483648", "-2147483649", "9223372036854775808", "4294967296",
        "1e-400", "-0", "1" + new string('0', 40), "1e308", "-1", "0.5", "3e9", "1e12", "0",
    ];

    private static readonly string[] HostileStrings =
    [
        "\u001b[31mred\u001b[0m", "\u202Etxt.exe", "zero\u200Bwidth", "\uFEFFbom", "nul\u0000", "del\u007F", "csi\u009B2J", "\ud800",
        "line\u2028separator", "tab\there", "", " ", "8/255", "1/0", "0x10", "1_000", "true", "null", "~", "- a", "{a: 1}",
        new string('x', 201), new string('\u001b', 300), "ça", "数据",
    ];

    private static readonly Gen<SpecText> HostileNumber = Gen.OneOf(HostileNumbers).Select(t => (SpecText)new Num(t));

    private static readonly Gen<SpecText> HostileString = Gen.OneOf<SpecText>(
        Gen.OneOf(HostileStrings).Select(s => (SpecText)new Str(s)),
        Gen.String[Gen.Char, 0, 40].Select(s => (SpecText)new Str(s)),
        Gen.Int[1, 3000].Select(n => (SpecText)new Str(new string('k', n))));

    private static readonly Gen<SpecText> WrongType = Gen.OneOf<SpecText>(
        Gen.Const<SpecText>(new Null()), Gen.Const<SpecText>(new Bool(true)), Gen.Const<SpecText>(new Seq([])),
        Gen.Const<SpecText>(new Map([])), Gen.Const<SpecText>(new Seq([Num.Of(1), Num.Of(2)])),
        Gen.Const<SpecText>(new Map([("a", Num.Of(1))])), Gen.Const<SpecText>(new Seq([new Seq([new Seq([])])])));

    /// <summary>Anything a value may be.</summary>
    public static readonly Gen<SpecText> Hostile = Gen.Frequency<SpecText>((3, HostileNumber), (2, HostileString), (2, WrongType));

    /// <summary>A key that is no key: a typo of a known one, a group key out of place, or a hostile string.</summary>
    public static readonly Gen<string> UnknownKey = Gen.OneOf<string>(
        Gen.OneOf(SweepSpecBinder.TopLevelKeys.ToArray()).Select(k => k.Length > 2 ? k[..^1] + k[^2] : k + "x"),
        Gen.OneOf("patience", "start", "kind", "length", "min_delta", "trials", "lamda", "batchSize", "learning_rate", "<<"),
        Gen.OneOf(HostileStrings).Where(s => s.Length > 0));

    /// <summary>A valid value of <paramref name="parameter"/> most of the time, else a boundary or hostile one.</summary>
    public static Gen<SpecText> Value(Parameter parameter) =>
        Gen.Frequency<SpecText>((12, Valid(parameter)), (2, Boundary(parameter)), (2, Hostile));

    /// <summary>A valid value nearly always: a random spec sets some twenty keys, and one bad value is enough to stop
    /// it before the expansion.</summary>
    private static Gen<SpecText> Mostly(Parameter parameter) =>
        Gen.Frequency<SpecText>((60, Valid(parameter)), (1, Boundary(parameter)), (1, Hostile));

    /// <summary>A random spec: a random subset of the top-level keys, each group a random subset of its keys, a few
    /// axes (lists, distributions, joint warmup items), a search, now and then an unknown key.</summary>
    public static Gen<SpecText> RandomSpec { get; } = BuildRandomSpec();

    /// <summary>An example spec with one to three mutations, and the format it is written in.</summary>
    public static Gen<(string Example, SpecText Tree, SpecFormat Format)> MutatedExample(IReadOnlyList<(string Name, SpecNode Root)> examples) =>
        Gen.Select(Gen.Int[0, examples.Count - 1], Mutation.Array[1, 3], Gen.Bool, (index, mutations, json) =>
        {
            var tree = From(examples[index].Root);
            foreach (var mutate in mutations)
            {
                tree = mutate(tree);
            }

            return (examples[index].Name, tree, json ? SpecFormat.Json : SpecFormat.Yaml);
        });

    private static Gen<Func<SpecText, SpecText>> Mutation { get; } = Gen.Frequency<Func<SpecText, SpecText>>(
        (4, Gen.Select(Gen.Int[0, 10_000], Gen.Frequency<SpecText>((1, Hostile), (1, Gen.OneOf(Parameters.All.Select(Value).ToArray()))), (at, value) =>
            (Func<SpecText, SpecText>)(tree => Replace(tree, at, node => node is Num or Str or Bool or Null ? value : null)))),
        (2, Gen.Int[0, 10_000].Select(at => (Func<SpecText, SpecText>)(tree => Replace(tree, at, node => node is Map { Entries.Count: > 0 } map ? Removed(map, at) : null)))),
        (2, Gen.Select(Gen.Int[0, 10_000], UnknownKey, Hostile, (at, key, value) =>
            (Func<SpecText, SpecText>)(tree => Replace(tree, at, node => node is Map map ? new Map([.. map.Entries, (key, value)]) : null)))),
        (2, Gen.Int[0, 10_000].Select(at => (Func<SpecText, SpecText>)(tree => Replace(tree, at, node => node is Seq { Items.Count: > 0 } seq ? new Seq([.. seq.Items, seq.Items[at % seq.Items.Count]]) : null)))),
        (2, Gen.Select(Gen.Int[0, 10_000], Gen.Bool, (at, toScalar) => (Func<SpecText, SpecText>)(tree => Replace(tree, at, node =>
            node is Seq seq ? (toScalar ? (seq.Items.Count > 0 ? seq.Items[0] : new Null()) : new Map([("values", seq)])) : null)))));

    private static Map Removed(Map map, int at) => new(map.Entries.Where((_, i) => i != at % map.Entries.Count).ToList());

    /// <summary>The tree with one node replaced: of the nodes <paramref name="replace"/> has a replacement for, the
    /// one at <paramref name="at"/> (modulo their count), in document order. The tree itself when there is none.</summary>
    private static SpecText Replace(SpecText tree, int at, Func<SpecText, SpecText?> replace)
    {
        var candidates = Nodes(tree).Where(n => replace(n) is not null).ToList();
        if (candidates.Count == 0)
        {
            return tree;
        }

        var target = candidates[at % candidates.Count];
        return Rebuild(tree, target, replace(target)!);
    }

    private static IEnumerable<SpecText> Nodes(SpecText node) => node switch
    {
        Map map => map.Entries.SelectMany(e => Nodes(e.Value)).Prepend(node),
        Seq seq => seq.Items.SelectMany(Nodes).Prepend(node),
        _ => [node],
    };

    private static SpecText Rebuild(SpecText node, SpecText target, SpecText replacement) =>
        ReferenceEquals(node, target) ? replacement : node switch
        {
            Map map => new Map(map.Entries.Select(e => (e.Key, Rebuild(e.Value, target, replacement))).ToList()),
            Seq seq => new Seq(seq.Items.Select(i => Rebuild(i, target, replacement)).ToList()),
            _ => node,
        };

    private static Gen<SpecText> BuildRandomSpec()
    {
        var entries = new List<Gen<(string Key, SpecText Value)?>>();
        // A method preset and its components (init, regularizers) drawn independently mostly disagree, so each is
        // present less often than other keys: otherwise few random specs would get as far as the expansion.
        foreach (var key in SweepSpecBinder.TopLevelKeys.Where(k => k != SweepSpecBinder.SchemaKey))
        {
            var required = Parameters.Find(key) is { Required: true };
            var value = key == SweepSpecBinder.AxesKey ? Axes()
                : Parameters.Groups.FirstOrDefault(g => g.Name == key) is { } group ? Group(group)
                : Mostly(Parameters.Find(key)!);
            entries.Add(Gen.Frequency<(string Key, SpecText Value)?>(
                (required ? 12 : 3, value.Select(v => ((string, SpecText)?)(key, v))),
                (required ? 1 : key is "method" or "init" or "regularizers" ? 12 : 5, Gen.Const(((string, SpecText)?)null))));
        }

        entries.Add(Gen.Frequency<(string Key, SpecText Value)?>(
            (1, Gen.Select(UnknownKey, Hostile, (k, v) => ((string, SpecText)?)(k, v))),
            (9, Gen.Const(((string, SpecText)?)null))));
        return Gen.Frequency<SpecText>((40, Sequence(entries).Select(list => (SpecText)new Map(list))), (1, Hostile));
    }

    private static Gen<SpecText> Group(ParameterGroup group)
    {
        if (group == Parameters.SearchGroup)
        {
            return Gen.Frequency<SpecText>(
                (4, Gen.Select(Gen.Int[1, 40], Gen.Int[0, 5], (trials, seed) => (SpecText)new Map([("kind", new Str("random")), ("trials", Num.Of(trials)), ("seed", Num.Of(seed))]))),
                (1, Gen.Const<SpecText>(new Map([("kind", new Str("grid"))]))),
                (1, Members(group)));
        }

        return Gen.Frequency<SpecText>((6, Members(group)), (1, Hostile));
    }

    private static Gen<SpecText> Members(ParameterGroup group) =>
        Sequence(Parameters.All.Where(p => p.Group == group)
                .Select(p => Gen.Frequency<(string Key, SpecText Value)?>((1, Mostly(p).Select(v => ((string, SpecText)?)(p.Key, v))), (1, Gen.Const(((string, SpecText)?)null))))
                .ToList())
            .Select(list => (SpecText)new Map(list));

    private static Gen<SpecText> Axes()
    {
        var axes = SweepSpecBinder.AxisKeys
            .Select(key => Gen.Frequency<(string Key, SpecText Value)?>((1, Axis(Parameters.Find(key)!).Select(v => ((string, SpecText)?)(key, v))), (9, Gen.Const(((string, SpecText)?)null))))
            .ToList();
        axes.Add(Gen.Frequency<(string Key, SpecText Value)?>((1, Gen.Select(UnknownKey, Hostile, (k, v) => ((string, SpecText)?)(k, v))), (30, Gen.Const(((string, SpecText)?)null))));
        return Gen.Frequency<SpecText>((10, Sequence(axes).Select(list => (SpecText)new Map(list))), (1, Hostile));
    }

    private static Gen<SpecText> Axis(Parameter parameter)
    {
        var options = new List<(int, IGen<SpecText>)>
        {
            (6, Value(parameter).Array[1, 4].Select(items => (SpecText)new Seq([.. items]))),
            (1, Value(parameter)),
            (1, Hostile),
        };
        if (parameter.HasDistributions)
        {
            options.Add((3, Gen.Select(Gen.OneOf("uniform", "log_uniform", "int_uniform", "normal"), Bound(parameter), Bound(parameter),
                (kind, min, max) => (SpecText)new Map([("distribution", new Str(kind)), ("min", min), ("max", max)]))));
        }

        if (parameter.JointWith is not null)
        {
            options.Add((3, JointItem(parameter).Array[1, 3].Select(items => (SpecText)new Seq([.. items]))));
        }

        return Gen.Frequency(options.ToArray());
    }

    /// <summary>A joint item: its own key when it has one (warmup's length) and each other key now and then
    /// (method items: some of init, regularizers, bn, bound, loss; now and then none, which is refused).</summary>
    private static Gen<SpecText> JointItem(Parameter parameter)
    {
        var keys = parameter.JointWith!.Select(pair => Gen.Frequency<(string Key, SpecText Value)?>(
            (1, Value(pair.Value).Select(v => ((string, SpecText)?)(pair.Key, v))), (1, Gen.Const(((string, SpecText)?)null)))).ToList();
        if (parameter.JointKey is { } own)
        {
            keys.Insert(0, Value(parameter).Select(v => ((string, SpecText)?)(own, v)));
        }

        return Sequence(keys).Select(list => (SpecText)new Map(list));
    }

    private static Gen<SpecText> Bound(Parameter parameter) => Gen.Frequency<SpecText>((4, Valid(parameter)), (1, Boundary(parameter)), (1, HostileNumber));

    /// <summary>A valid value, biased towards sizes that fit together (short runs, warmups within them, small batches).</summary>
    private static Gen<SpecText> Valid(Parameter parameter) => parameter.Name switch
    {
        "epochs" => Gen.Int[1, 80].Select(n => (SpecText)Num.Of(n)),
        "warmup" => Gen.Int[0, 40].Select(n => (SpecText)Num.Of(n)),
        "schedule.start" => Gen.Int[1, 20].Select(n => (SpecText)Num.Of(n)),
        "batch_size" => Gen.Int[2, 512].Select(n => (SpecText)Num.Of(n)),
        "grad_acc" => Gen.Int[1, 8].Select(n => (SpecText)Num.Of(n)),
        "train_limit" or "test_limit" => Gen.Frequency<SpecText>((3, Gen.Int[2, 5000].Select(n => (SpecText)Num.Of(n))), (1, Gen.Const<SpecText>(new Null()))),
        "early_stopping.patience" => Gen.Int[1, 30].Select(n => (SpecText)Num.Of(n)),
        "search.trials" => Gen.Int[1, 40].Select(n => (SpecText)Num.Of(n)),
        "max_concurrency" or "retries" or "seed" or "search.seed" => Gen.Int[0, 20].Select(n => (SpecText)Num.Of(n)),
        _ => parameter switch
        {
            IntParameter p => Gen.Int[p.Min, p.Max].Select(n => (SpecText)Num.Of(n)),
            OptionalIntParameter p => Gen.Frequency<SpecText>((3, Gen.Int[p.Min, p.Max].Select(n => (SpecText)Num.Of(n))), (1, Gen.Const<SpecText>(new Null()))),
            RealParameter p => Gen.Frequency<SpecText>(
                (4, Gen.Double[p.Min, Math.Min(p.Max, p.Min + 10)].Where(p.Within).Select(d => (SpecText)Num.Of(d))),
                (p.AllowsFraction ? 1 : 0, Gen.Int[1, 255].Select(n => (SpecText)new Str($"{n}/255")))),
            ChoiceParameter p => Gen.OneOf(p.Names.ToArray()).Select(n => (SpecText)new Str(n)),
            PresetParameter p => Gen.OneOf(p.Names.ToArray()).Select(n => (SpecText)new Str(n)),
            IntListParameter p => Gen.Int[p.ItemMin, 100].Array[0, 4].Select(items => (SpecText)new Seq([.. items.Distinct().Order().Select(i => (SpecText)Num.Of(i))])),
            NameListParameter p => Gen.Shuffle(p.Names.ToArray(), p.MinCount, p.MaxCount).Select(names => (SpecText)new Seq([.. names.Select(n => (SpecText)new Str(n))])),
            TextParameter => Gen.String[Gen.Char['a', 'z'], 0, 30].Select(s => (SpecText)new Str(s)),
            _ => throw new ArgumentException(parameter.Name),
        },
    };

    /// <summary>The declared bounds and the values just past them.</summary>
    private static Gen<SpecText> Boundary(Parameter parameter) => parameter switch
    {
        IntParameter p => Gen.OneOf((long)p.Min, p.Max, p.Min - 1L, p.Max + 1L).Select(n => (SpecText)Num.Of(n)),
        OptionalIntParameter p => Gen.OneOf((long)p.Min, p.Max, p.Min - 1L, p.Max + 1L).Select(n => (SpecText)Num.Of(n)),
        RealParameter p => Gen.OneOf(p.Min, p.Max, Math.BitDecrement(p.Min), Math.BitIncrement(p.Max)).Select(d => (SpecText)Num.Of(d)),
        IntListParameter p => Gen.OneOf(
            new Seq([.. Enumerable.Range(1, p.MaxCount + 1).Select(i => (SpecText)Num.Of(i))]),
            new Seq([Num.Of(p.ItemMax), Num.Of(p.ItemMin)]),
            new Seq([Num.Of(p.ItemMax + 1L)])).Select(s => (SpecText)s),
        NameListParameter p => Gen.OneOf(
            new Seq([]),
            new Seq([.. Enumerable.Repeat((SpecText)new Str(p.Names.First()), 2)]),
            new Seq([new Str(p.Names.First().ToUpperInvariant())])).Select(s => (SpecText)s),
        ChoiceParameter p => Gen.OneOf(p.Names.First().ToUpperInvariant(), p.Names.First() + " ", p.Names.Last() + "\u200B").Select(s => (SpecText)new Str(s)),
        PresetParameter p => Gen.OneOf(p.Names.First().ToUpperInvariant(), p.Names.Last() + "\u200B").Select(s => (SpecText)new Str(s)),
        _ => Gen.Const<SpecText>(new Str(new string('n', 201))),
    };

    /// <summary>The present entries of <paramref name="entries"/>, in order.</summary>
    private static Gen<List<(string Key, SpecText Value)>> Sequence(IReadOnlyList<Gen<(string Key, SpecText Value)?>> entries) =>
        entries.Aggregate(
            Gen.Const(() => new List<(string Key, SpecText Value)>()),
            (list, entry) => Gen.Select(list, entry, (items, item) =>
            {
                if (item is { } present)
                {
                    items.Add(present);
                }

                return items;
            }));
}
