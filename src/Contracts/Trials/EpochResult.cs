namespace Certsweep.Contracts.Trials;

/// <summary>
/// One finished and checkpointed epoch of a trial (the trainer's EpochReport), with where it ran:
/// <see cref="Attempt"/> counts dispatches of the trial, so a history shows where a resumed trial picked up.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EpochResult
{
    [Id(0)] public required int Epoch { get; init; }

    [Id(1)] public required int Epochs { get; init; }

    /// <summary>Eps at the end of the epoch (the test pass's eps).</summary>
    [Id(2)] public required double Eps { get; init; }

    [Id(3)] public required double EpsMax { get; init; }

    [Id(4)] public required double LearningRate { get; init; }

    [Id(5)] public required PassResult Train { get; init; }

    [Id(6)] public required PassResult Test { get; init; }

    [Id(7)] public double ImagesPerSecond { get; init; }

    [Id(8)] public double TrainSeconds { get; init; }

    [Id(9)] public double EpochSeconds { get; init; }

    /// <summary>The validation split's pass (a subset of the training set held out), when the trial selects on it; null
    /// when it selects on the test set.</summary>
    [Id(16)] public PassResult? Validation { get; init; }

    /// <summary>True when this epoch is the trial's best so far (lowest verified error at full eps on the selection split).</summary>
    [Id(10)] public bool IsBest { get; init; }

    [Id(11)] public string Silo { get; init; } = string.Empty;

    [Id(12)] public string Device { get; init; } = string.Empty;

    [Id(13)] public int Attempt { get; init; }

    [Id(14)] public DateTimeOffset FinishedAt { get; init; }

    /// <summary>Test samples misclassified clean or under the PGD attack at <see cref="Eps"/>, as a share: an attack's
    /// lower bound on the robust error (the verified error is the upper one); null in epochs that did not measure it.</summary>
    [Id(15)] public double? PgdError { get; init; }

    /// <summary>The bound behind the epoch's verified errors: <c>ibp</c>, or <c>crown-ibp</c> (CROWN-IBP mixed with IBP)
    /// while a <c>bound: crown-ibp</c> trial's eps is below its maximum (docs/method.md §8).</summary>
    [Id(20)] public string Bound { get; init; } = "ibp";

    /// <summary>True when eps had reached its maximum, so the verified error is the certified one.</summary>
    public bool AtFullEps => Eps >= EpsMax;

    /// <summary>The pass that selects: validation when the trial has one, else test.</summary>
    public PassResult Selection => Validation ?? Test;
}
