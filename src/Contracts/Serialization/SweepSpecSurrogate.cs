using Certsweep.Hyperparameters.Sweeps;
using Certsweep.Hyperparameters.Values;
using Certsweep.Hyperparameters;

namespace Certsweep.Contracts.Serialization;

/// <summary>How Orleans carries a <see cref="SweepSpec"/>: its fixed values and its axes, each axis as its
/// parameter's name with listed values or a distribution.</summary>
[GenerateSerializer]
public struct SweepSpecSurrogate
{
    [Id(0)] public ParameterSet Settings;
    [Id(1)] public string[] AxisNames;
    [Id(2)] public ParameterSet[]?[] AxisValues;
    [Id(3)] public byte[] DistributionKinds;
    [Id(4)] public ParameterValue?[] DistributionMins;
    [Id(5)] public ParameterValue?[] DistributionMaxes;
}

[RegisterConverter]
public sealed class SweepSpecSurrogateConverter : IConverter<SweepSpec, SweepSpecSurrogate>
{
    public SweepSpec ConvertFromSurrogate(in SweepSpecSurrogate surrogate)
    {
        var axes = new List<SweepAxis>();
        for (var i = 0; i < surrogate.AxisNames.Length; i++)
        {
            var parameter = Parameters.Find(surrogate.AxisNames[i])
                ?? throw new InvalidOperationException($"Unknown parameter '{surrogate.AxisNames[i]}' (a silo of another version?).");
            var distribution = surrogate.DistributionMins[i] is { } min
                ? new Distribution((DistributionKind)surrogate.DistributionKinds[i], min, surrogate.DistributionMaxes[i]!)
                : null;
            axes.Add(new SweepAxis(parameter, surrogate.AxisValues[i], distribution));
        }

        return new SweepSpec(surrogate.Settings, axes);
    }

    public SweepSpecSurrogate ConvertToSurrogate(in SweepSpec value) => new()
    {
        Settings = value.Settings,
        AxisNames = value.Axes.Select(a => a.Parameter.Name).ToArray(),
        AxisValues = value.Axes.Select(a => a.Values?.ToArray()).ToArray(),
        DistributionKinds = value.Axes.Select(a => (byte)(a.Distribution?.Kind ?? 0)).ToArray(),
        DistributionMins = value.Axes.Select(a => a.Distribution?.Min).ToArray(),
        DistributionMaxes = value.Axes.Select(a => a.Distribution?.Max).ToArray(),
    };
}
