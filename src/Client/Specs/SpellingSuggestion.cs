namespace Certsweep.Client.Specs;

/// <summary>The known name closest to a misspelt one (<c>lamda</c> -> <c>lambda</c>, <c>batchSize</c> ->
/// <c>batch_size</c>), if any is close enough to be a likely typo.</summary>
public static class SpellingSuggestion
{
    public static string? Closest(string word, IEnumerable<string> known)
    {
        var normalized = word.ToLowerInvariant();
        var best = known
            .Select(k => (Name: k, Distance: Distance(normalized, k.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(1, Math.Min(3, best.Name.Length / 3)) ? best.Name : null;
    }

    /// <summary>Levenshtein distance, ignoring underscores and dashes so camelCase and kebab-case match snake_case.</summary>
    private static int Distance(string a, string b)
    {
        a = a.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        b = b.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
