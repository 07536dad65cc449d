using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;

namespace Certsweep.Client.Views;

/// <summary>How the CLI names a sweep's selection protocol: what the ranking minimizes, on which split, and the
/// Pareto front over verified and clean error.</summary>
public static class SelectionText
{
    /// <summary>The note printed under tables whose best-epoch errors come from a validation split.</summary>
    public const string ValidationNote =
        "val: the validation split held out of the training set, which picked each trial's best epoch and ranks the trials; " +
        "test: the test set's errors at that selected epoch only.";

    /// <summary>E.g. <c>Pareto front over verified_error, clean_error on the validation split</c> or
    /// <c>verified_error on the test set</c>.</summary>
    public static string RankedBy(SweepStatus status) =>
        (status.Objectives.Count >= 2 ? $"Pareto front over {string.Join(", ", status.Objectives)}" : status.Objectives[0]) +
        $" on the {Split(status.SelectsOnValidation)}";

    public static string Split(bool validation) => validation ? "validation split" : "test set";

    /// <summary>The ranked trials on the first Pareto front over verified and clean error, best first.</summary>
    public static IReadOnlyList<RankedTrial> Front(SweepStatus status) => status.Ranking.Where(r => r.Front == 1).ToList();

    /// <summary><paramref name="status"/> with only the trials on the first front (<c>sweep results --pareto</c>).</summary>
    public static SweepStatus OnlyFront(SweepStatus status)
    {
        var front = Front(status).Select(r => r.Number).ToHashSet();
        return status with { Trials = status.Trials.Where(t => front.Contains(t.Number)).ToList() };
    }

    /// <summary>E.g. <c>Pareto front (verified, clean error on the validation split): trials 3, 5, 7</c>.</summary>
    public static string FrontText(SweepStatus status) =>
        $"Pareto front ({SweepObjectives.VerifiedError}, {SweepObjectives.CleanError} on the {Split(status.SelectsOnValidation)}): " +
        (Front(status) is { Count: > 0 } front ? $"trial{(front.Count > 1 ? "s" : string.Empty)} {string.Join(", ", front.Select(r => CellFormat.Integer(r.Number)))}" : "no trial ranked yet");
}
