namespace Certsweep.Contracts.Sweeps;

/// <summary>One problem in a sweep spec: the field (a path such as <c>axes.lambda[1]</c>), the bad value as
/// written, and what is allowed.</summary>
[GenerateSerializer, Immutable]
public sealed record SpecError(
    [property: Id(0)] string Field,
    [property: Id(1)] string Value,
    [property: Id(2)] string Allowed)
{
    public override string ToString() => $"{Field}: {Value} is not allowed; {Allowed}";
}
