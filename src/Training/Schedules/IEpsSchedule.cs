namespace Certsweep.Training.Schedules;

/// <summary>
/// Epsilon as a function of the global training step (0-based, counted over training batches only;
/// docs/method.md §3). Evaluation never advances it.
/// </summary>
public interface IEpsSchedule
{
    double EpsMax { get; }

    int BatchesPerEpoch { get; }

    double EpsAt(long step);

    /// <summary>Eps of the last training batch of an epoch (1-based): what that epoch's test pass uses.</summary>
    double EpsAfterEpoch(int epoch) => epoch <= 0 ? 0 : EpsAt((long)epoch * BatchesPerEpoch - 1);
}
