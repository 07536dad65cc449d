namespace Certsweep.Hyperparameters.Rules;

/// <summary>One problem with a spec or a trial: the field (a path such as <c>axes.lambda[1]</c>), the bad value as
/// written (escaped), and what is allowed.</summary>
public sealed record SpecError(string Field, string Value, string Allowed)
{
    public override string ToString() => $"{Field}: {Value} is not allowed; allowed: {Allowed}";
}
