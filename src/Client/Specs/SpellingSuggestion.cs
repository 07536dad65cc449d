using System.Globalization;

namespace Certsweep.Client.Specs;

/// <summary>The known name closest to a misspelt one (<c>lamda</c> -> <c>lambda</c>, <c>batchSize</c> ->
/// <c>batch_size</c>), if any is close enough to be a likely typo.</summary>
public static class SpellingSuggestion
{
    /// <summary>Words longer than this are not typos of a key (and would make the distance table large).</summary>
    private const int MaxWordLength = 64;

    public static string? Closest(string word, IEnumerable<string> known)
    {
        if (word.Length > MaxWordLength)
        {
            return null;
        }

        var normalized = word.ToLowerInvariant();
        var best = known
            .Select(k => (Name: k, Distance: Distance(normalized, k.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(1, Math.Min(3, best.Name.Length / 3)) ? best.Name : null;
    }

    /// <summary>Edit distance counting a swap of two neighbours as one edit (<c>strat</c> -> <c>start</c>), ignoring
    /// underscores and dashes so camelCase and kebab-case match snake_case, and ignoring control and invisible
    /// characters, which a key can hold without showing them (<c>epo\u200Bchs</c> -> <c>epochs</c>).</summary>
    private static int Distance(string a, string b)
    {
        a = Normalize(a);
        b = Normalize(b);
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            table[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            table[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var best = Math.Min(Math.Min(table[i, j - 1], table[i - 1, j]) + 1, table[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, table[i - 2, j - 2] + 1);
                }

                table[i, j] = best;
            }
        }

        return table[a.Length, b.Length];
    }

    private static string Normalize(string word) =>
        new(word.Where(c => c is not ('_' or '-') && !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format).ToArray());
}
