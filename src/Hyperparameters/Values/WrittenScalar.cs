using System.Globalization;

namespace Certsweep.Hyperparameters.Values;

/// <summary>A leaf value as a spec file or a command line writes it: the text and what kind of scalar it is.</summary>
public readonly record struct WrittenScalar(string Text, ScalarKind Kind)
{
    /// <summary>The number a <see cref="ScalarKind.Number"/> stands for, including YAML's <c>.inf</c> and <c>.nan</c>.</summary>
    public bool TryGetNumber(out double value)
    {
        value = Text.TrimStart('+') switch
        {
            ".inf" or ".Inf" or ".INF" => double.PositiveInfinity,
            "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
            ".nan" or ".NaN" or ".NAN" => double.NaN,
            _ => 0,
        };
        return Kind == ScalarKind.Number
            && (value != 0 || double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value));
    }

    /// <summary>How an error message shows the value: as written (escaped), or what it is when it has no text.</summary>
    public string Describe() => Kind switch
    {
        ScalarKind.Null => "nothing",
        ScalarKind.String when Text.Length == 0 => "an empty string",
        _ => Echo.Escape(Text),
    };
}
