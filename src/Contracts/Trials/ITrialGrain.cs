namespace Certsweep.Contracts.Trials;

/// <summary>
/// One trial (key: <see cref="TrialId"/>), activated on the silo whose device runs it. It trains off its
/// turns on a dedicated thread, records every epoch in grain storage before the next one starts, and
/// reports each change of its status to its sweep's coordinator.
/// </summary>
public interface ITrialGrain : IGrainWithStringKey
{
    /// <summary>Starts (or resumes from its checkpoint) training in the launch's slot; returns at once.</summary>
    Task<StartReply> Start(TrialLaunch launch);

    /// <summary>Stops training before the next batch and returns the final status once the training thread has stopped.</summary>
    Task<TrialStatus?> Cancel(string reason);

    /// <summary>Stops the trial as <see cref="TrialState.Stopped"/> (a scheduler's decision): training stops before the
    /// next batch, the checkpoints and history stay; returns the final status once the training thread has stopped.</summary>
    Task<TrialStatus?> Stop(TrialStop stop);

    /// <summary>Null for a trial that was never started.</summary>
    Task<TrialStatus?> GetStatus();

    /// <summary>Status, configuration and every epoch's results; null for a trial that was never started.</summary>
    Task<TrialHistory?> GetHistory();
}
