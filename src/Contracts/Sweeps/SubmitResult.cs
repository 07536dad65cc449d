using Certsweep.Hyperparameters.Rules;

namespace Certsweep.Contracts.Sweeps;

/// <summary>The answer to a submit. Only <see cref="SubmitOutcome.Created"/> starts anything.</summary>
[GenerateSerializer, Immutable]
public sealed record SubmitResult(
    [property: Id(0)] SubmitOutcome Outcome,
    [property: Id(1)] string SweepId,
    [property: Id(2)] int Trials,
    [property: Id(3)] IReadOnlyList<SpecError> Errors,
    [property: Id(4)] string Message);

public enum SubmitOutcome
{
    /// <summary>A new sweep was created and is being scheduled.</summary>
    Created,

    /// <summary>A sweep with this id and an equal spec exists; nothing changed.</summary>
    AlreadyExists,

    /// <summary>A sweep with this id exists with a different spec; nothing changed.</summary>
    Conflict,

    /// <summary>The spec or the id is invalid (see the errors); nothing was stored.</summary>
    Invalid,
}
