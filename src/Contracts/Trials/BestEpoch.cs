namespace Certsweep.Contracts.Trials;

/// <summary>
/// A trial's best epoch: the lowest verified error among epochs at full eps on the selection split (the earliest on
/// ties; docs/method.md §5). <see cref="CleanError"/> and <see cref="VerifiedError"/> are that split's figures, which
/// rank the trial; when it is the validation split (<see cref="OnValidation"/>), <see cref="TestCleanError"/> and
/// <see cref="TestVerifiedError"/> are the test figures of the selected epoch, the ones to report.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BestEpoch(
    [property: Id(0)] int Epoch,
    [property: Id(1)] double CleanError,
    [property: Id(2)] double VerifiedError,
    [property: Id(3)] bool OnValidation = false,
    [property: Id(4)] double? TestCleanError = null,
    [property: Id(5)] double? TestVerifiedError = null)
{
    /// <summary>The best of <paramref name="epochs"/>; null while none is at full eps with a verified error.</summary>
    public static BestEpoch? Of(IEnumerable<EpochResult> epochs) =>
        epochs.Where(e => e.AtFullEps && e.Selection.VerifiedError is not null)
            .OrderBy(e => e.Selection.VerifiedError).ThenBy(e => e.Epoch)
            .Select(e => e.Validation is { } validation
                ? new BestEpoch(e.Epoch, validation.CleanError, validation.VerifiedError!.Value, true, e.Test.CleanError, e.Test.VerifiedError)
                : new BestEpoch(e.Epoch, e.Test.CleanError, e.Test.VerifiedError!.Value))
            .FirstOrDefault();

    /// <summary>The value of objective <paramref name="objective"/> (<see cref="SweepObjectives"/>) on the selection split.</summary>
    public double Objective(string objective) => SweepObjectives.Read(objective, CleanError, VerifiedError);
}
