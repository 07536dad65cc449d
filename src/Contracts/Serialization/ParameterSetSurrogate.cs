using Certsweep.Hyperparameters.Values;
using Certsweep.Hyperparameters;

namespace Certsweep.Contracts.Serialization;

/// <summary>How Orleans carries a <see cref="ParameterSet"/>: parameter names and their values.</summary>
[GenerateSerializer]
public struct ParameterSetSurrogate
{
    [Id(0)] public string[] Names;
    [Id(1)] public ParameterValue[] Values;
}

[RegisterConverter]
public sealed class ParameterSetSurrogateConverter : IConverter<ParameterSet, ParameterSetSurrogate>
{
    public ParameterSet ConvertFromSurrogate(in ParameterSetSurrogate surrogate) =>
        ParameterSet.Of(surrogate.Names.Zip(surrogate.Values).Select(pair =>
            new KeyValuePair<Hyperparameters.Declarations.Parameter, ParameterValue>(
                Parameters.Find(pair.First) ?? throw new InvalidOperationException($"Unknown parameter '{pair.First}' (a silo of another version?)."),
                pair.Second)));

    public ParameterSetSurrogate ConvertToSurrogate(in ParameterSet value) => new()
    {
        Names = value.Select(e => e.Key.Name).ToArray(),
        Values = value.Select(e => e.Value).ToArray(),
    };
}
