using Certsweep.Client.Cli;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Client.Specs;

/// <summary>A spec file that cannot be read into a tree: not well-formed YAML or JSON, or well-formed but not
/// acceptable as a tree (a repeated key, an unknown alias, several documents). Carries the position and the path
/// of the node being read, so the message names the field.</summary>
public sealed class SpecSyntaxException : Exception
{
    public SpecSyntaxException(string field, string value, string allowed, SourcePosition? position, Exception? inner = null)
        : base($"{field}: {value}; {allowed}", inner)
    {
        Problem = new SpecProblem(field, value, allowed, position);
    }

    private SpecSyntaxException(SpecProblem problem, Exception inner)
        : base(problem.Message, inner)
    {
        Problem = problem;
    }

    public SpecProblem Problem { get; }

    /// <summary>The parser gave up: <paramref name="line"/> is the text of the line it stopped on (escaped); the
    /// parser's <paramref name="reason"/> may quote the character it stopped at, so it is escaped here.</summary>
    public static SpecSyntaxException Malformed(string field, string line, string format, string reason, SourcePosition position, Exception inner) =>
        new(new SpecProblem(field, line, $"well-formed {format}", position) { Syntax = Echo.Escape(reason, Terminal.MaxMessage) }, inner);
}
