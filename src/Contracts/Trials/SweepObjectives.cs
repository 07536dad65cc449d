namespace Certsweep.Contracts.Trials;

/// <summary>The names a sweep's <c>objectives</c> and its scheduler's metric use, each an error to minimize.</summary>
public static class SweepObjectives
{
    public const string VerifiedError = "verified_error";
    public const string CleanError = "clean_error";

    /// <summary>The objectives of a sweep that names none.</summary>
    public static IReadOnlyList<string> Default { get; } = [VerifiedError];

    /// <summary>The value of <paramref name="objective"/> among a pass's errors.</summary>
    public static double Read(string objective, double clean, double verified) => objective switch
    {
        VerifiedError => verified,
        CleanError => clean,
        _ => throw new ArgumentException($"Unknown objective '{objective}'; known: {VerifiedError}, {CleanError}.", nameof(objective)),
    };

    /// <summary><paramref name="objectives"/> with the other error appended when only one is named: the order a
    /// ranking compares trials in (the second breaks ties of the first).</summary>
    public static IReadOnlyList<string> WithTieBreak(IReadOnlyList<string> objectives) =>
        objectives.Count >= 2 ? objectives : [.. objectives, objectives[0] == VerifiedError ? CleanError : VerifiedError];
}
