using Certsweep.Hyperparameters;

namespace Certsweep.Contracts.Serialization;

/// <summary>How Orleans carries a <see cref="TrialConfig"/>: its resolved values.</summary>
[GenerateSerializer]
public struct TrialConfigSurrogate
{
    [Id(0)] public ParameterSet Values;
}

[RegisterConverter]
public sealed class TrialConfigSurrogateConverter : IConverter<TrialConfig, TrialConfigSurrogate>
{
    public TrialConfig ConvertFromSurrogate(in TrialConfigSurrogate surrogate) => TrialConfig.FromResolved(surrogate.Values);

    public TrialConfigSurrogate ConvertToSurrogate(in TrialConfig value) => new() { Values = value.Values };
}
