using System.Globalization;
using System.Text;
using Certsweep.Hyperparameters.Values;
using CsCheck;

namespace Certsweep.Hyperparameters.Tests.Values;

/// <summary>Whatever a user writes, what a message echoes can neither drive a terminal nor hide what it is, and one
/// value cannot flood a screen.</summary>
public sealed class EchoPropertyTests
{
    [Fact]
    public void Escaped_text_has_no_control_format_or_separator_characters_and_no_lone_surrogates()
    {
        Gen.String[Gen.Char, 0, 400].Sample(text =>
        {
            var shown = Echo.Escape(text);
            foreach (var rune in shown.EnumerateRunes())
            {
                var category = Rune.GetUnicodeCategory(rune);
                Assert.False(category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse,
                    $"U+{rune.Value:X4} ({category}) survives in {shown}");
            }

            Assert.DoesNotContain('\uFFFD', shown.Where(c => !text.Contains('\uFFFD', StringComparison.Ordinal)));
        }, iter: 20_000);
    }

    [Fact]
    public void Long_text_is_cut_at_the_limit_with_its_length_named()
    {
        Gen.String[Gen.Char['a', 'z'], Echo.MaxShown + 1, 5_000].Sample(text =>
        {
            var shown = Echo.Escape(text);
            Assert.StartsWith(text[..Echo.MaxShown], shown, StringComparison.Ordinal);
            Assert.EndsWith($"... ({text.Length} characters)", shown, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("\u001b[31mred", "\\u{1B}[31mred")]
    [InlineData("a\u202Eb", "a\\u{202E}b")]
    [InlineData("\uFEFFx", "\\u{FEFF}x")]
    [InlineData("x\u2028y", "x\\u{2028}y")]
    public void Known_hostile_characters_are_shown_as_their_code(string text, string expected) =>
        Assert.Equal(expected, Echo.Escape(text));

    [Fact]
    public void A_lone_surrogate_is_shown_as_its_code() =>
        Assert.Equal("x\\u{D800}y", Echo.Escape("x\ud800y"));
}
