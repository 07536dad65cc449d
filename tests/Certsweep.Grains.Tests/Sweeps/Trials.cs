using System.Net;
using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Sweeps;
using Certsweep.Contracts.Trials;
using Certsweep.Grains.Sweeps;
using Orleans.Runtime;

namespace Certsweep.Grains.Tests.Sweeps;

/// <summary>Statuses, configs and slots of a made-up sweep "s" for the coordinator's parts.</summary>
internal static class Trials
{
    public const string Sweep = "s";

    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly SiloAddress SiloA = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

    public static DeviceSlot Slot(int index) => new(SiloA, "cpu", index);

    /// <summary>The configs of a default sweep with seeds 1..<paramref name="count"/> (trial n has seed n).</summary>
    public static IReadOnlyList<TrialConfig> Configs(int count) =>
        SweepExpansion.Expand(new SweepSpec { Epochs = 10, Eps = 0.1, Axes = new SweepAxes { Seed = Enumerable.Range(1, count).ToList() } });

    public static TrialStatus Status(int number, TrialState state = TrialState.Pending, int attempt = 0, long revision = 0) => new()
    {
        TrialId = TrialId.Of(Sweep, number),
        SweepId = Sweep,
        Number = number,
        Axes = TrialAxes.Of(Configs(number)[^1]),
        Epochs = 10,
        EpsMax = 0.1,
        State = state,
        Attempt = attempt,
        Revision = revision,
    };

    /// <summary>Rows of <paramref name="count"/> pending trials.</summary>
    public static TrialRows Rows(int count) =>
        TrialRows.Pending(Sweep, Configs(count), T0);
}
