using Certsweep.Hyperparameters.Rules;

namespace Certsweep.Grains.Sweeps;

/// <summary>The most trials one sweep submitted to this silo may expand to: a bound on the rows one coordinator
/// keeps in memory and storage, whatever limit the submitting client checked with (the silo setting MaxTrials).</summary>
public sealed record SweepLimitOptions(int MaxTrials)
{
    public static SweepLimitOptions Default { get; } = new(TrialLimit.DefaultMax);

    /// <summary>The limit as the coordinator's refusal names it.</summary>
    public TrialLimit Limit => new(MaxTrials, "the silos' --max-trials (CERTSWEEP_MAXTRIALS)");
}
