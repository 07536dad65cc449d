using System.Buffers;
using System.Globalization;
using System.Text;

namespace Certsweep.Hyperparameters.Values;

/// <summary>
/// User text made safe to print: control characters (C0, C1, DEL), format and invisible characters (zero-width
/// spaces, bidirectional overrides, the byte-order mark) and line/paragraph separators are shown as <c>\u{1B}</c>,
/// so a value echoed in a message can neither drive the terminal nor hide what it is. Long text is cut with its
/// length named, so one value cannot flood a screen.
/// </summary>
public static class Echo
{
    /// <summary>The most characters of one value a message shows.</summary>
    public const int MaxShown = 200;

    /// <summary><paramref name="text"/> with every control or invisible character escaped, cut after
    /// <paramref name="maxShown"/> characters.</summary>
    public static string Escape(string text, int maxShown = MaxShown)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxShown) + 16);
        var shown = 0;
        for (var i = 0; i < text.Length; shown++)
        {
            if (shown == maxShown)
            {
                builder.Append(CultureInfo.InvariantCulture, $"... ({text.Length} characters)");
                break;
            }

            // Half of a surrogate pair on its own (JSON's "\ud800", a cut string) is shown as its code, not as the
            // replacement character that enumerating runes would make of it.
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length) != OperationStatus.Done)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)text[i]:X}}}");
                i++;
                continue;
            }

            if (NeedsEscape(rune))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{{{rune.Value:X}}}");
            }
            else
            {
                builder.Append(rune.ToString());
            }

            i += length;
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned => true,
        UnicodeCategory.SpaceSeparator => rune.Value != ' ',
        _ => false,
    };
}
