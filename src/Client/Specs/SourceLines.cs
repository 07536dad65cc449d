using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Specs;

/// <summary>A spec file's lines, to quote the one a syntax error is on (escaped, like every echo of the file).</summary>
public sealed class SourceLines
{
    private const int MaxSnippet = 60;
    private readonly string[] _lines;

    public SourceLines(string text) => _lines = text.Split('\n');

    /// <summary>Line <paramref name="line"/> (from 1) trimmed and shortened, or "end of file" past the end.</summary>
    public string Snippet(int line)
    {
        if (line < 1 || line > _lines.Length || _lines[line - 1].Trim().Length == 0)
        {
            return line > _lines.Length || line < 1 ? "end of file" : "an empty line";
        }

        var text = _lines[line - 1].Trim();
        return Echo.Escape(text.Length <= MaxSnippet ? text : text[..(MaxSnippet - 3)] + "...");
    }
}
