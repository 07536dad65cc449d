using System.Globalization;

namespace Certsweep.Benchmarks;

/// <summary>A benchmark's <c>--name value</c> options over their defaults (every option has one, so the defaults
/// also name what is allowed).</summary>
public sealed class BenchmarkOptions
{
    private readonly Dictionary<string, string> _values;

    private BenchmarkOptions(Dictionary<string, string> values) => _values = values;

    public string this[string key] => _values[key];

    /// <summary>The defaults with <paramref name="arguments"/> applied; null, after one error line on stderr, when
    /// an option is unknown or has no value (the benchmark then exits 2).</summary>
    public static BenchmarkOptions? Parse(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> defaults)
    {
        var values = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i += 2)
        {
            if (!values.ContainsKey(arguments[i]) || i + 1 >= arguments.Count)
            {
                Console.Error.WriteLine($"error: unknown or incomplete option '{arguments[i]}'; options: {string.Join(", ", values.Keys)}.");
                return null;
            }

            values[arguments[i]] = arguments[i + 1];
        }

        return new BenchmarkOptions(values);
    }

    public int Int(string key) => int.Parse(_values[key], CultureInfo.InvariantCulture);

    public double Double(string key) => double.Parse(_values[key], CultureInfo.InvariantCulture);
}
