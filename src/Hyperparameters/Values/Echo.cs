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
        foreach (var rune in text.EnumerateRunes())
        {
            if (shown == maxShown)
            {
                builder.Append(CultureInfo.InvariantCulture, $"... ({text.Length} characters)");
                break;
            }

            if (NeedsEscape(rune))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{{{rune.Value:X}}}");
            }
            else
            {
                builder.Append(rune.ToString());
            }

            shown++;
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
