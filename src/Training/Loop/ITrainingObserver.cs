namespace Certsweep.Training.Loop;

/// <summary>Receives a trial's progress on the training thread. Implementations must return quickly.</summary>
public interface ITrainingObserver
{
    /// <summary>After an epoch's test pass and checkpoint.</summary>
    void OnEpoch(EpochReport report);

    void OnBatch(BatchProgress progress)
    {
    }
}
