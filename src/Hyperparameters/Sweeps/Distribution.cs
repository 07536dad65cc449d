using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Sweeps;

/// <summary>A distribution an axis is drawn from; its bounds keep how they were written.</summary>
public sealed record Distribution(DistributionKind Kind, ParameterValue Min, ParameterValue Max)
{
    /// <summary>How spec files name the kinds.</summary>
    public static IReadOnlyDictionary<string, DistributionKind> Names { get; } = new Dictionary<string, DistributionKind>
    {
        ["uniform"] = DistributionKind.Uniform,
        ["log_uniform"] = DistributionKind.LogUniform,
        ["int_uniform"] = DistributionKind.IntUniform,
    };

    public string KindName => Names.First(pair => pair.Value == Kind).Key;

    public override string ToString() => $"{KindName} [{Echo.Escape(Min.Written)}, {Echo.Escape(Max.Written)}]";
}
