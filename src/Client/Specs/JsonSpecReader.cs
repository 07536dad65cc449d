using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Specs;

/// <summary>
/// Reads strict JSON (no comments, no trailing commas) into a <see cref="SpecNode"/> tree with
/// <see cref="Utf8JsonReader"/>, which gives each token's offset (turned into line and column here) and lets
/// duplicate keys be refused; <see cref="JsonDocument"/> would accept them silently.
/// </summary>
public sealed partial class JsonSpecReader
{
    private const long MaxValues = 100_000;

    private readonly byte[] _bytes;
    private readonly List<int> _lineStarts = new() { 0 };
    private readonly SourceLines _lines;
    private string _path = SpecPath.Root;
    private long _values;
    private (int Line, long Offset, int Column)? _lastColumn;

    private JsonSpecReader(string text)
    {
        _bytes = Encoding.UTF8.GetBytes(text);
        _lines = new SourceLines(text);
        for (var i = 0; i < _bytes.Length; i++)
        {
            if (_bytes[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The root node, or null for a file with no content.</summary>
    /// <exception cref="SpecSyntaxException">The text is not well-formed JSON or repeats a key.</exception>
    public static SpecNode? Read(string text) =>
        text.AsSpan().Trim().Length == 0 ? null : new JsonSpecReader(text.TrimStart('\uFEFF')).ReadDocument();

    private SpecNode ReadDocument()
    {
        var reader = new Utf8JsonReader(_bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        try
        {
            reader.Read();
            var root = ReadValue(ref reader);
            _path = SpecPath.Root;
            if (reader.Read())
            {
                throw new SpecSyntaxException("spec", _lines.Snippet(Position(reader.TokenStartIndex).Line), "one JSON value per spec file", Position(reader.TokenStartIndex));
            }

            return root;
        }
        catch (JsonException e)
        {
            var position = new SourcePosition((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            throw SpecSyntaxException.Malformed(SpecPath.Display(_path), _lines.Snippet(position.Line), "JSON", Reason(e), position, e);
        }
    }

    private SpecNode ReadValue(ref Utf8JsonReader reader)
    {
        var position = Position(reader.TokenStartIndex);
        if (++_values > MaxValues)
        {
            throw new SpecSyntaxException(SpecPath.Display(_path), "more than 100000 values", "a spec of at most 100000 values", position);
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, position);
            case JsonTokenType.StartArray:
                var parent = _path;
                var items = new List<SpecNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    _path = SpecPath.Item(parent, items.Count);
                    items.Add(ReadValue(ref reader));
                    _path = parent;
                }

                return new SpecSequence(position, items);
            case JsonTokenType.String:
                return new SpecScalar(position, ReadString(ref reader, position), ScalarKind.String);
            case JsonTokenType.Number:
                return new SpecScalar(position, Encoding.UTF8.GetString(reader.ValueSpan), ScalarKind.Number);
            case JsonTokenType.True or JsonTokenType.False:
                return new SpecScalar(position, reader.GetBoolean() ? "true" : "false", ScalarKind.Boolean);
            default:
                return new SpecScalar(position, "null", ScalarKind.Null);
        }
    }

    private SpecMapping ReadObject(ref Utf8JsonReader reader, SourcePosition position)
    {
        var parent = _path;
        var entries = new List<SpecEntry>();
        var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyPosition = Position(reader.TokenStartIndex);
            var key = ReadString(ref reader, keyPosition);
            _path = SpecPath.Key(parent, Echo.Escape(key));
            if (seen.TryGetValue(key, out var first))
            {
                throw new SpecSyntaxException(_path, $"the key {Echo.Escape(key)} a second time", $"each key once in an object (first at line {first.Line})", keyPosition);
            }

            seen.Add(key, keyPosition);
            reader.Read();
            entries.Add(new SpecEntry(key, keyPosition, ReadValue(ref reader)));
            _path = parent;
        }
        return new SpecMapping(position, entries);
    }

    /// <summary>A string or key; one whose escapes leave half of a surrogate pair (<c>"\ud800"</c>) is refused here,
    /// since no text can hold it.</summary>
    private string ReadString(ref Utf8JsonReader reader, SourcePosition position)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new SpecSyntaxException(SpecPath.Display(_path), Echo.Escape(Encoding.UTF8.GetString(reader.ValueSpan)),
                "a string of whole characters (a \\uD800-\\uDFFF escape only as half of a surrogate pair)", position);
        }
    }

    private SourcePosition Position(long offset)
    {
        var line = _lineStarts.BinarySearch((int)offset);
        line = line >= 0 ? line : ~line - 1;

        // Tokens come in file order: counting on from the last one keeps a long line (a whole file on one line) linear.
        var (from, column) = _lastColumn is { Line: var last, Offset: var at, Column: var counted } && last == line && at <= offset
            ? (at, counted)
            : (_lineStarts[line], 1);
        for (var i = from; i < offset; i++)
        {
            column += (_bytes[i] & 0xC0) == 0x80 ? 0 : 1; // count characters, not UTF-8 continuation bytes
        }

        _lastColumn = (line, offset, column);
        return new SourcePosition(line + 1, column);
    }

    /// <summary>The reader's message without its " LineNumber: .. | BytePositionInLine: .." tail.</summary>
    private static string Reason(JsonException e) =>
        ReaderAdvice().Replace(PositionSuffix().Replace(e.Message, string.Empty), string.Empty).TrimEnd('.', ' ');

    /// <summary>Advice addressed to the programmer ("Change the reader options.") that a spec author cannot act on.</summary>
    [GeneratedRegex(@"\s*(which is not supported in this mode\.?|Change the reader options\.?)", RegexOptions.IgnoreCase)]
    private static partial Regex ReaderAdvice();

    [GeneratedRegex(@"\s*(Path: \S+ \|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex PositionSuffix();
}
