using Certsweep.Training.Attacks;
using Certsweep.Training.Data;

namespace Certsweep.Training.Loop;

/// <summary>
/// The attack MTL-IBP trains against (docs/method.md §9): PGD settings, and the factor by
/// which the attack's eps exceeds the training eps.
/// </summary>
public sealed record MtlIbpAttack(PgdOptions Pgd, double EpsFactor)
{
    /// <summary>Up to this eps CIFAR-10 trains against <see cref="EightStep"/>: between the reference's 2/255 (eight
    /// steps) and 8/255 (one step), at their geometric mean.</summary>
    public const double SmallCifar10Eps = 4.0 / 255;

    /// <summary>
    /// One step of ten half-widths from a uniform random start, at the training eps: every element whose gradient
    /// is not zero lands on the face of the box its gradient's sign points to. The reference's attack for MNIST
    /// (0.1, 0.3), CIFAR-10 8/255, Tiny-ImageNet and ImageNet64 (1/255).
    /// </summary>
    public static MtlIbpAttack SingleStep { get; } = new(new PgdOptions { Steps = 1, StepSize = 10, Restarts = 1, RandomStart = true }, 1.0);

    /// <summary>Eight steps of a quarter half-width from a uniform random start, at 2.1 times the training eps: the
    /// reference's attack for CIFAR-10 2/255.</summary>
    public static MtlIbpAttack EightStep { get; } = new(new PgdOptions { Steps = 8, StepSize = 0.25, Restarts = 1, RandomStart = true }, 2.1);

    /// <summary>The reference's choice for a data set and target eps: eight steps for CIFAR-10 at eps up to
    /// <see cref="SmallCifar10Eps"/>, one step everywhere else.</summary>
    public static MtlIbpAttack For(string dataset, double eps) =>
        dataset == DatasetCatalog.Cifar10 && eps <= SmallCifar10Eps ? EightStep : SingleStep;

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
