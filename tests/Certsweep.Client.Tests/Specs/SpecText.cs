using System.Globalization;
using System.Text;
using System.Text.Json;
using Certsweep.Client.Specs;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Tests.Specs;

/// <summary>
/// A spec file's tree as the property tests build and mutate it, written out as JSON or as YAML (flow style, so any
/// tree writes as one line per file). Numbers keep their text (<c>1e400</c>, <c>2147483648</c>); the non-finite
/// ones are YAML's <c>.nan</c>/<c>.inf</c> and, since JSON cannot write them, JSON strings.
/// </summary>
public abstract class SpecText
{
    public string Write(SpecFormat format)
    {
        var text = new StringBuilder();
        Write(text, format);
        return text.Append('\n').ToString();
    }

    /// <summary>This tree as a reader reads it back (the examples are mutated this way).</summary>
    public static SpecText From(SpecNode node) => node switch
    {
        SpecMapping mapping => new Map(mapping.Entries.Select(e => (e.Key, From(e.Value))).ToList()),
        SpecSequence sequence => new Seq(sequence.Items.Select(From).ToList()),
        SpecScalar { Kind: ScalarKind.Number } number => new Num(number.Text),
        SpecScalar { Kind: ScalarKind.String } text => new Str(text.Text),
        SpecScalar { Kind: ScalarKind.Boolean } boolean => new Bool(boolean.Text is "true" or "True" or "TRUE"),
        _ => new Null(),
    };

    public abstract SpecText Copy();

    public abstract void Write(StringBuilder text, SpecFormat format);

    public override string ToString() => Write(SpecFormat.Json).TrimEnd();

    protected static void WriteString(StringBuilder text, string value) => text.Append(JsonSerializer.Serialize(value));

    public sealed class Map(List<(string Key, SpecText Value)> entries) : SpecText
    {
        public List<(string Key, SpecText Value)> Entries { get; } = entries;

        public override SpecText Copy() => new Map(Entries.Select(e => (e.Key, e.Value.Copy())).ToList());

        public override void Write(StringBuilder text, SpecFormat format)
        {
            text.Append('{');
            for (var i = 0; i < Entries.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ");
                WriteString(text, Entries[i].Key);
                text.Append(": ");
                Entries[i].Value.Write(text, format);
            }

            text.Append('}');
        }
    }

    public sealed class Seq(List<SpecText> items) : SpecText
    {
        public List<SpecText> Items { get; } = items;

        public override SpecText Copy() => new Seq(Items.Select(i => i.Copy()).ToList());

        public override void Write(StringBuilder text, SpecFormat format)
        {
            text.Append('[');
            for (var i = 0; i < Items.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ");
                Items[i].Write(text, format);
            }

            text.Append(']');
        }
    }

    /// <summary>A number as written; NaN, Infinity and -Infinity stand for the non-finite ones.</summary>
    public sealed class Num(string text) : SpecText
    {
        public string Text { get; } = text;

        public static Num Of(long value) => new(value.ToString(CultureInfo.InvariantCulture));

        public static Num Of(double value) => new(double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "Infinity"
            : double.IsNegativeInfinity(value) ? "-Infinity" : value.ToString("R", CultureInfo.InvariantCulture));

        public override SpecText Copy() => this;

        public override void Write(StringBuilder text, SpecFormat format)
        {
            var yaml = Text switch { "NaN" => ".nan", "Infinity" => ".inf", "-Infinity" => "-.inf", _ => Text };
            if (format == SpecFormat.Yaml || yaml == Text)
            {
                text.Append(yaml);
            }
            else
            {
                WriteString(text, Text);
            }
        }
    }

    public sealed class Str(string value) : SpecText
    {
        public string Value { get; } = value;

        public override SpecText Copy() => this;

        public override void Write(StringBuilder text, SpecFormat format) => WriteString(text, Value);
    }

    public sealed class Bool(bool value) : SpecText
    {
        public override SpecText Copy() => this;

        public override void Write(StringBuilder text, SpecFormat format) => text.Append(value ? "true" : "false");
    }

    public sealed class Null : SpecText
    {
        public override SpecText Copy() => this;

        public override void Write(StringBuilder text, SpecFormat format) => text.Append("null");
    }
}
