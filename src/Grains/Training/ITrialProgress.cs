using Certsweep.Contracts.Trials;

namespace Certsweep.Grains.Training;

/// <summary>Receives an attempt's progress on its training thread.</summary>
public interface ITrialProgress
{
    /// <summary>Once, before training: where the attempt resumes (null: from scratch).</summary>
    void OnStarted(BatchPosition? resumedFrom);

    /// <summary>After an epoch's test pass and checkpoint; returns once the result is in grain storage, so no
    /// completed epoch can be lost (at most the last one is only in the checkpoint, and is reported again on resume).</summary>
    void OnEpoch(EpochResult result);

    /// <summary>After every training batch; must return at once.</summary>
    void OnBatch(BatchPosition position, double eps);
}
