namespace Certsweep.Grains.Sweeps.Scheduling;

/// <summary>
/// Decides after each epoch whether a trial continues or stops early. A decision is a pure function of the record
/// and the records given: a coordinator rebuilt from stored histories after a failover reaches the decisions the
/// previous one reached.
/// </summary>
public interface ITrialStoppingRule
{
    /// <summary>The metric the rule compares (lower is better), e.g. <c>verified_error</c>; the caller puts its value in
    /// each record.</summary>
    string Metric { get; }

    /// <summary>The verdict on <paramref name="record"/>'s trial after that epoch; null to continue.
    /// <paramref name="records"/> holds <paramref name="record"/> and whatever else is known.</summary>
    StopDecision? Judge(EpochRecord record, EpochRecords records);
}
