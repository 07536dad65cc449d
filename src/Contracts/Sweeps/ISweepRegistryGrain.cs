namespace Certsweep.Contracts.Sweeps;

/// <summary>The list of sweeps (one registry, key <see cref="Key"/>).</summary>
public interface ISweepRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    Task Register(string sweepId, string? name, DateTimeOffset submittedAt);

    Task MarkFinished(string sweepId);

    /// <summary>Every sweep, newest first, with its counts and best trial.</summary>
    Task<IReadOnlyList<SweepSummary>> List();

    /// <summary>Wakes every unfinished sweep's coordinator (silos call it when they start and when a silo dies).</summary>
    Task WakeUnfinished();
}
