using Certsweep.Contracts.Trials;
using Certsweep.Grains.Training;

namespace Certsweep.TestSupport;

/// <summary>Trial progress that suspends the attempt, as a silo's hand-back does, once half of an epoch's batches
/// are trained (when <paramref name="suspendMidway"/>); cancel <see cref="Suspension"/>'s token into the trainer.</summary>
public sealed class MidEpochSuspension(bool suspendMidway) : ITrialProgress
{
    public CancellationTokenSource Suspension { get; } = new();

    public void OnStarted(BatchPosition? resumedFrom)
    {
    }

    public void OnEpoch(EpochResult result)
    {
    }

    public void OnBatch(BatchPosition position, double eps)
    {
        if (suspendMidway && position.Batch * 2 >= position.BatchesPerEpoch)
        {
            Suspension.Cancel();
        }
    }
}
