using System.Text.Json.Serialization;

namespace Certsweep.Client.Specs;

/// <summary>One thing wrong with a spec file: the field path, the bad value as written, what is allowed, and
/// where in the file (when the field appears there).</summary>
public sealed record SpecProblem(string Field, string Value, string Allowed, SourcePosition? Position)
{
    /// <summary>For a file the parser gave up on: its reason (then <see cref="Value"/> is the line it stopped on).</summary>
    public string? Syntax { get; init; }

    /// <summary>The field of a problem with the file itself (missing, unreadable); its value says what is wrong.</summary>
    public const string FileField = "file";

    [JsonIgnore]
    public string Message => (Field, Syntax) switch
    {
        (FileField, _) => $"{Value}; allowed: {Allowed}",
        (_, null) => $"{Field}: {Value} is not allowed; allowed: {Allowed}",
        _ => $"{Field}: not {Allowed}: {Syntax} (in: {Value})",
    };

    /// <summary><c>file:line:column: message</c>, the form editors and terminals turn into a link.</summary>
    public string Format(string source) => Position is { } p ? $"{source}:{p.Line}:{p.Column}: {Message}" : $"{source}: {Message}";
}
