namespace Certsweep.Contracts.Sweeps;

/// <summary>
/// Stops a trial once eps has reached its maximum and the test verified error has not improved on the trial's
/// best for <see cref="Patience"/> epochs. Checked only after the warmup, because verified errors at a smaller
/// eps are not comparable.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EarlyStoppingSpec
{
    [Id(0)] public int Patience { get; init; } = 10;

    /// <summary>Improvements smaller than this (a share, e.g. 0.001 = 0.1 points) do not count.</summary>
    [Id(1)] public double MinDelta { get; init; }
}
