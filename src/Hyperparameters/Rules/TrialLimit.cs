namespace Certsweep.Hyperparameters.Rules;

/// <summary>The most trials one sweep may expand to, and the setting that raises it, which the sweep rules name when
/// a spec goes over. The client and the cluster each check with their own limit: the client's spares a round trip,
/// the cluster's bounds what one coordinator holds.</summary>
public sealed record TrialLimit(int Max, string Setting)
{
    /// <summary>The limit unless configured otherwise (client and silos alike).</summary>
    public const int DefaultMax = 10_000;

    /// <summary>The most any setting may allow: a coordinator keeps a row per trial in memory and storage.</summary>
    public const int Ceiling = 1_000_000;

    public static string Allowed => "an integer from 1 to 1000000";
}
