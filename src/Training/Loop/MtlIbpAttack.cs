using Certsweep.Hyperparameters.Catalog;
using Certsweep.Training.Attacks;

namespace Certsweep.Training.Loop;

/// <summary>
/// The attack MTL-IBP trains against (docs/method.md §9): PGD settings, and the factor by
/// which the attack's eps exceeds the training eps. The reference's choices are <see cref="TrainingAttackFacts"/>.
/// </summary>
public sealed record MtlIbpAttack(PgdOptions Pgd, double EpsFactor)
{
    /// <summary>See <see cref="TrainingAttackFacts.SingleStep"/>.</summary>
    public static MtlIbpAttack SingleStep { get; } = Of(TrainingAttackFacts.SingleStep);

    /// <summary>See <see cref="TrainingAttackFacts.EightStep"/>.</summary>
    public static MtlIbpAttack EightStep { get; } = Of(TrainingAttackFacts.EightStep);

    /// <summary>The reference's choice for a data set and target eps (<see cref="TrainingAttackFacts.For"/>).</summary>
    public static MtlIbpAttack For(string dataset, double eps) => Of(TrainingAttackFacts.For(dataset, eps));

    /// <summary>A PGD attack from a uniform random start, one restart, with the given steps, step size and eps factor.</summary>
    public static MtlIbpAttack Of(TrainingAttackFacts facts) =>
        new(new PgdOptions { Steps = facts.Steps, StepSize = facts.StepSize, Restarts = 1, RandomStart = true }, facts.EpsFactor);

    /// <summary>Every problem with this attack, each naming the setting, its value and what is allowed.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = Pgd.Validate().ToList();
        if (!(EpsFactor > 0) || !double.IsFinite(EpsFactor))
        {
            errors.Add($"attack eps factor {EpsFactor.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} must be a finite number > 0");
        }

        return errors;
    }
}
