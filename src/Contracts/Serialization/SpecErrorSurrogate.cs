using Certsweep.Hyperparameters.Rules;

namespace Certsweep.Contracts.Serialization;

/// <summary>How Orleans carries a <see cref="SpecError"/>.</summary>
[GenerateSerializer]
public struct SpecErrorSurrogate
{
    [Id(0)] public string Field;
    [Id(1)] public string Value;
    [Id(2)] public string Allowed;
}

[RegisterConverter]
public sealed class SpecErrorSurrogateConverter : IConverter<SpecError, SpecErrorSurrogate>
{
    public SpecError ConvertFromSurrogate(in SpecErrorSurrogate surrogate) => new(surrogate.Field, surrogate.Value, surrogate.Allowed);

    public SpecErrorSurrogate ConvertToSurrogate(in SpecError value) => new() { Field = value.Field, Value = value.Value, Allowed = value.Allowed };
}
