using Certsweep.Grains.Sweeps.Scheduling;

namespace Certsweep.Grains.Tests.Sweeps.Scheduling;

/// <summary>Epoch records for the stopping rules: eps 0.1 at full, trials of 30 epochs, finish times in seconds.</summary>
internal static class Records
{
    public const double EpsMax = 0.1;

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static EpochRecord At(int trial, int epoch, double value, double seconds, double eps = EpsMax, int epochs = 30, double epsMax = EpsMax) =>
        new(trial, epoch, epochs, value, eps, epsMax, T0.AddSeconds(seconds));

    /// <summary>Adds <paramref name="record"/> and judges it, as a coordinator does when it hears of it.</summary>
    public static StopDecision? Report(this ITrialStoppingRule rule, EpochRecords records, EpochRecord record)
    {
        Assert.True(records.Add(record));
        return rule.Judge(record, records);
    }
}
