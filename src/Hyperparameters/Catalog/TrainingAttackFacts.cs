namespace Certsweep.Hyperparameters.Catalog;

/// <summary>
/// The attack MTL-IBP trains against, as the reference chooses it per data set and eps (docs/method.md §9): PGD steps,
/// the step size relative to the box's half-width, and the factor by which the attack's eps exceeds the training eps.
/// The defaults of <c>attack_steps</c>, <c>attack_step_size</c> and <c>attack_eps_factor</c>.
/// </summary>
public sealed record TrainingAttackFacts(int Steps, double StepSize, double EpsFactor)
{
    /// <summary>Up to this eps CIFAR-10 trains against <see cref="EightStep"/>: between the reference's 2/255 (eight
    /// steps) and 8/255 (one step), at their geometric mean.</summary>
    public const double SmallCifar10Eps = 4.0 / 255;

    /// <summary>One step of ten half-widths from a uniform random start, at the training eps: every element whose
    /// gradient is not zero lands on the face of the box its gradient's sign points to. The reference's attack for MNIST
    /// (0.1, 0.3), CIFAR-10 8/255, Tiny-ImageNet and ImageNet64 (1/255).</summary>
    public static TrainingAttackFacts SingleStep { get; } = new(1, 10, 1.0);

    /// <summary>Eight steps of a quarter half-width from a uniform random start, at 2.1 times the training eps: the
    /// reference's attack for CIFAR-10 2/255.</summary>
    public static TrainingAttackFacts EightStep { get; } = new(8, 0.25, 2.1);

    /// <summary>The reference's choice for a data set and target eps: eight steps for CIFAR-10 at eps up to
    /// <see cref="SmallCifar10Eps"/>, one step everywhere else.</summary>
    public static TrainingAttackFacts For(string dataset, double eps) =>
        dataset == KnownDatasets.Cifar10 && eps <= SmallCifar10Eps ? EightStep : SingleStep;
}
