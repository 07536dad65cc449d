using System.Text.RegularExpressions;

namespace Certsweep.Contracts.Sweeps;

/// <summary>Sweep ids name grains and checkpoint directories: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
public static partial class SweepIds
{
    public const string Allowed = "1 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValid(string id) => Pattern().IsMatch(id);

    /// <summary>A fresh id such as <c>sweep-20250101-123456-1a2b</c>.</summary>
    public static string New(DateTimeOffset now) =>
        $"sweep-{now.UtcDateTime:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
