using System.Text.RegularExpressions;
using Certsweep.Hyperparameters.Values;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Certsweep.Client.Specs;

/// <summary>
/// Reads one YAML document into a <see cref="SpecNode"/> tree with YamlDotNet's event parser, which gives every
/// node's position and lets duplicate keys be refused (a mapping loader would keep the last one silently).
/// Plain scalars resolve by the YAML 1.2 core schema; anchors and aliases work; custom tags do not.
/// </summary>
public sealed partial class YamlSpecReader
{
    private const string YamlTag = "tag:yaml.org,2002:";
    private const int MaxDepth = 64;
    private const long MaxValues = 100_000;
    private readonly Dictionary<string, SpecNode> _anchors = new(StringComparer.Ordinal);
    private readonly Dictionary<SpecNode, long> _sizes = new(ReferenceEqualityComparer.Instance);
    private long _values;
    private readonly SourceLines _lines;
    private readonly IParser _parser;
    private readonly Stack<(NodeEvent Start, string Path)> _open = new();
    private string _path = SpecPath.Root;

    private YamlSpecReader(string text)
    {
        _lines = new SourceLines(text);
        _parser = new Parser(new StringReader(text));
    }

    /// <summary>The document's root node, or null for a file with no content (empty or only comments).</summary>
    /// <exception cref="SpecSyntaxException">The text is not well-formed YAML, holds several documents, or repeats a key.</exception>
    public static SpecNode? Read(string text) => new YamlSpecReader(text).ReadStream();

    private SpecNode? ReadStream()
    {
        try
        {
            _parser.Consume<StreamStart>();
            if (_parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            _parser.Consume<DocumentStart>();
            var root = ReadNode();
            _parser.Consume<DocumentEnd>();
            if (_parser.Accept<DocumentStart>(out var second))
            {
                throw new SpecSyntaxException("spec", "a second document", "one YAML document per spec file (remove the '---' separator)", Position(second.Start));
            }

            return root is SpecScalar { Kind: ScalarKind.Null } ? null : root;
        }
        catch (YamlException e)
        {
            var position = Position(e.Start);
            throw SpecSyntaxException.Malformed(SpecPath.Display(_path), _lines.Snippet(position.Line), "YAML", Reason(e), position, e);
        }
        catch (InvalidOperationException e) when (_open.FirstOrDefault(o => IsFlow(o.Start)) is { Start: { } flow } open)
        {
            // YamlDotNet's scanner throws this (not a YamlException) for some unclosed flow collections, e.g.
            // "lambda: [0.1, 0.5" followed by a less indented "key: value" line.
            var position = Position(flow.Start);
            var (opening, closing) = flow is SequenceStart ? ('[', ']') : ('{', '}');
            throw SpecSyntaxException.Malformed(SpecPath.Display(open.Path), _lines.Snippet(position.Line), "YAML",
                $"the '{opening}' at line {position.Line}, column {position.Column} is not closed with '{closing}'", position, e);
        }
    }

    private static bool IsFlow(NodeEvent start) =>
        start is SequenceStart { Style: SequenceStyle.Flow } or MappingStart { Style: MappingStyle.Flow };

    private SpecNode ReadNode()
    {
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new SpecSyntaxException(SpecPath.Display(_path), $"*{Echo.Escape(alias.Value.Value)}", "an alias of an anchor defined earlier in the file", Position(alias.Start));
            }

            // An alias stands for its anchor's whole subtree: nested aliases multiply (a "billion laughs" file).
            Count(_sizes[target], alias.Start);
            return target;
        }

        var start = _parser.Current as NodeEvent ?? throw new YamlException(_parser.Current!.Start, _parser.Current.End, "expected a value");
        if (_open.Count >= MaxDepth)
        {
            throw new SpecSyntaxException(SpecPath.Display(_path), "a value nested more than 64 levels deep", "a spec nested at most 64 levels", Position(start.Start));
        }

        var before = _values;
        Count(1, start.Start);
        SpecNode node = start switch
        {
            Scalar scalar => ReadScalar(scalar),
            SequenceStart => ReadSequence(),
            MappingStart => ReadMapping(),
            _ => throw new YamlException(start.Start, start.End, "expected a value"),
        };
        _sizes[node] = _values - before;
        if (!start.Anchor.IsEmpty)
        {
            _anchors[start.Anchor.Value] = node;
        }

        return node;
    }

    /// <summary>Counts values as the binder will see them (aliases expanded); a spec is refused past <see cref="MaxValues"/>.</summary>
    private void Count(long values, Mark at)
    {
        _values += values;
        if (_values > MaxValues)
        {
            throw new SpecSyntaxException(SpecPath.Display(_path), "more than 100000 values (with aliases expanded)", "a spec of at most 100000 values", Position(at));
        }
    }

    private SpecScalar ReadScalar(Scalar scalar)
    {
        _parser.MoveNext();
        return new SpecScalar(Position(scalar.Start), scalar.Value, Resolve(scalar));
    }

    private SpecSequence ReadSequence()
    {
        var start = _parser.Consume<SequenceStart>();
        _open.Push((start, _path));
        var parent = _path;
        var items = new List<SpecNode>();
        while (!_parser.TryConsume<SequenceEnd>(out _))
        {
            _path = SpecPath.Item(parent, items.Count);
            items.Add(ReadNode());
            _path = parent;
        }

        _open.Pop();
        return new SpecSequence(Position(start.Start), items);
    }

    private SpecMapping ReadMapping()
    {
        var start = _parser.Consume<MappingStart>();
        _open.Push((start, _path));
        var parent = _path;
        var entries = new List<SpecEntry>();
        var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            if (_parser.Current is not Scalar key)
            {
                throw new SpecSyntaxException(SpecPath.Display(parent), "a complex key", "plain text keys", Position(_parser.Current!.Start));
            }

            // The path moves to this key before the parser reads on: YAML's scanner reports a mistake in a value
            // (a plain scalar running into a badly indented line) while it looks ahead from the key.
            _path = SpecPath.Key(parent, Echo.Escape(key.Value));
            _parser.MoveNext();
            var keyPosition = Position(key.Start);
            if (seen.TryGetValue(key.Value, out var first))
            {
                throw new SpecSyntaxException(_path, $"the key {Echo.Escape(key.Value)} a second time", $"each key once in a mapping (first at line {first.Line})", keyPosition);
            }

            seen.Add(key.Value, keyPosition);
            entries.Add(new SpecEntry(key.Value, keyPosition, ReadNode()));
        }

        _path = parent;

        _open.Pop();
        return new SpecMapping(Position(start.Start), entries);
    }

    private ScalarKind Resolve(Scalar scalar)
    {
        if (!scalar.Tag.IsEmpty && scalar.Tag.Value != "!")
        {
            return scalar.Tag.Value switch
            {
                YamlTag + "str" => ScalarKind.String,
                YamlTag + "int" or YamlTag + "float" when PlainNumber().IsMatch(scalar.Value) => ScalarKind.Number,
                YamlTag + "null" => ScalarKind.Null,
                YamlTag + "bool" when PlainBoolean().IsMatch(scalar.Value) => ScalarKind.Boolean,
                _ => throw new SpecSyntaxException(SpecPath.Display(_path), Echo.Escape($"!{scalar.Tag.Value.Replace(YamlTag, "!", StringComparison.Ordinal)} {scalar.Value}"),
                    "a plain value (YAML tags other than !!str, !!int, !!float, !!bool, !!null are not supported)", Position(scalar.Start)),
            };
        }

        if (scalar.Style != ScalarStyle.Plain)
        {
            return ScalarKind.String;
        }

        return scalar.Value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
            _ when PlainBoolean().IsMatch(scalar.Value) => ScalarKind.Boolean,
            _ when PlainNumber().IsMatch(scalar.Value) => ScalarKind.Number,
            _ => ScalarKind.String,
        };
    }

    private static SourcePosition Position(Mark mark) => new((int)mark.Line, (int)mark.Column);

    /// <summary>YamlDotNet's message without the "(Line: .., Col: ..) - (..): " prefix; the position is reported apart.</summary>
    private static string Reason(YamlException e) => MarkPrefix().Replace(e.Message, string.Empty).TrimEnd('.');

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex PlainBoolean();

    // YAML 1.2 core schema: decimal integers and floats, .inf and .nan (hex and octal integers stay strings).
    [GeneratedRegex(@"^([-+]?[0-9]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex PlainNumber();
}
