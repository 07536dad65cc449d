using System.Globalization;

namespace Certsweep.Training.Attacks;

/// <summary>
/// Settings of the L-infinity PGD attack (docs/method.md §9). <see cref="StepSize"/> is relative
/// to the box: each step moves every input element by <c>StepSize</c> times that element's half-width of the
/// (clipped) box, i.e. <c>StepSize * eps</c> in raw pixel units wherever the box is not clipped.
/// </summary>
public sealed record PgdOptions
{
    public int Steps { get; init; } = 10;

    public double StepSize { get; init; } = 0.25;

    public int Restarts { get; init; } = 1;

    public bool RandomStart { get; init; } = true;

    public AttackLoss Loss { get; init; } = AttackLoss.CrossEntropy;

    /// <summary>Every problem with these options, each naming the option, its value and what is allowed.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Steps < 0)
        {
            errors.Add($"attack steps {Steps} must be at least 0");
        }

        if (!(StepSize > 0) || !double.IsFinite(StepSize))
        {
            errors.Add($"attack step size {StepSize.ToString("R", CultureInfo.InvariantCulture)} must be a finite number > 0 (a multiple of the box half-width)");
        }

        if (Restarts < 1)
        {
            errors.Add($"attack restarts {Restarts} must be at least 1");
        }

        if (Restarts > 1 && !RandomStart)
        {
            errors.Add($"attack restarts {Restarts} need a random start: without one every restart repeats the first");
        }

        return errors;
    }
}
