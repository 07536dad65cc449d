using System.Net;
using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps;
using Certsweep.Hyperparameters;
using Certsweep.Hyperparameters.Sweeps;
using Orleans.Runtime;

namespace Certsweep.Grains.Tests.Sweeps;

/// <summary>Statuses, configs and slots of a made-up sweep "s" for the coordinator's parts.</summary>
internal static class Trials
{
    public const string Sweep = "s";

    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly SiloAddress SiloA = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

    public static DeviceSlot Slot(int index) => new(SiloA, "cpu", index);

    /// <summary>A default sweep with seeds 1..<paramref name="count"/> (trial n has seed n).</summary>
    public static SweepSpec Spec(int count) => SweepSpec.Of(
        [Parameters.Dataset.Set("synthetic"), Parameters.Epochs.Set(10), Parameters.Eps.Set(0.1), Parameters.Warmup.Set(5)],
        SweepAxis.Of(Parameters.Seed, Enumerable.Range(1, count).ToArray()));

    /// <summary>The configs of <see cref="Spec"/>.</summary>
    public static IReadOnlyList<TrialConfig> Configs(int count) => SweepExpansion.Expand(Spec(count));

    public static TrialStatus Status(int number, TrialState state = TrialState.Pending, int attempt = 0, long revision = 0) => new()
    {
        TrialId = TrialId.Of(Sweep, number),
        SweepId = Sweep,
        Number = number,
        Axes = Spec(number).AxesOf(Configs(number)[^1]),
        Epochs = 10,
        EpsMax = 0.1,
        State = state,
        Attempt = attempt,
        Revision = revision,
    };

    /// <summary>Rows of <paramref name="count"/> pending trials.</summary>
    public static TrialRows Rows(int count) =>
        TrialRows.Pending(Sweep, Spec(count), Configs(count), T0);
}
