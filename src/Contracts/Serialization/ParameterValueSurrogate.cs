using Certsweep.Hyperparameters.Values;

namespace Certsweep.Contracts.Serialization;

/// <summary>How Orleans carries a <see cref="ParameterValue"/> (a plain class of Certsweep.Hyperparameters).</summary>
[GenerateSerializer]
public struct ParameterValueSurrogate
{
    [Id(0)] public byte Kind;
    [Id(1)] public int Integer;
    [Id(2)] public double Real;
    [Id(3)] public string? Text;
    [Id(4)] public int[]? List;
    [Id(5)] public string Written;
    [Id(6)] public string[]? Texts;
}

[RegisterConverter]
public sealed class ParameterValueSurrogateConverter : IConverter<ParameterValue, ParameterValueSurrogate>
{
    public ParameterValue ConvertFromSurrogate(in ParameterValueSurrogate surrogate) => (ValueKind)surrogate.Kind switch
    {
        ValueKind.Null => ParameterValue.Null,
        ValueKind.Integer => ParameterValue.Of(surrogate.Integer, surrogate.Written),
        ValueKind.Real => ParameterValue.Of(surrogate.Real, surrogate.Written),
        ValueKind.Text => ParameterValue.Of(surrogate.Text!, surrogate.Written),
        ValueKind.TextList => ParameterValue.Of(surrogate.Texts!, surrogate.Written),
        _ => ParameterValue.Of(surrogate.List!, surrogate.Written),
    };

    public ParameterValueSurrogate ConvertToSurrogate(in ParameterValue value) => new()
    {
        Kind = (byte)value.Kind,
        Integer = value.Kind == ValueKind.Integer ? value.Integer : 0,
        Real = value.Kind == ValueKind.Real ? value.Real : 0,
        Text = value.Kind == ValueKind.Text ? value.String : null,
        List = value.Kind == ValueKind.IntegerList ? value.IntegerList.ToArray() : null,
        Written = value.Written,
        Texts = value.Kind == ValueKind.TextList ? value.TextList.ToArray() : null,
    };
}
