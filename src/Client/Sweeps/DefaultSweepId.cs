using System.Globalization;
using System.Text;
using Certsweep.Contracts.Sweeps;

namespace Certsweep.Client.Sweeps;

/// <summary>
/// The id a sweep gets when <c>--id</c> is not given: the spec file's name, the time and a random suffix, e.g.
/// <c>fashion-mnist-quick-20250301-140207-3fa2</c>. Fresh on every submit, so only an explicit <c>--id</c> makes a
/// resubmit a no-op (or, for <c>sweep run</c>, resumes from the checkpoints under that id).
/// </summary>
public static class DefaultSweepId
{
    private const int MaxStem = 40;

    public static string For(string specPath, DateTimeOffset now)
    {
        var name = specPath == "-" ? string.Empty : Path.GetFileNameWithoutExtension(specPath);
        var stem = new StringBuilder();
        foreach (var ch in name)
        {
            stem.Append(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-' ? ch : '-');
        }

        var trimmed = stem.ToString().TrimStart('.', '_', '-');
        trimmed = trimmed[..Math.Min(trimmed.Length, MaxStem)];
        var id = string.Create(CultureInfo.InvariantCulture,
            $"{(trimmed.Length > 0 ? trimmed : "sweep")}-{now.UtcDateTime:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}");
        return SweepIds.IsValid(id) ? id : SweepIds.New(now);
    }
}
