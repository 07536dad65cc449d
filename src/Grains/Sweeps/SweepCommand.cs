using Certsweep.Contracts.Cluster;
using Certsweep.Contracts.Trials;

namespace Certsweep.Grains.Sweeps;

/// <summary>A call the coordinator grain is to make for its sweep, as <see cref="SweepBook"/> decided.</summary>
internal abstract record SweepCommand;

/// <summary>Start trial <paramref name="Number"/> in <paramref name="Slot"/>. <paramref name="Proposed"/>: the trials
/// (a TPE sweep's) just proposed for it, in order; with any, the state is stored before the trial starts, so a
/// coordinator that moves knows every trial that runs.</summary>
internal sealed record StartTrial(int Number, DeviceSlot Slot, IReadOnlyList<int> Proposed) : SweepCommand
{
    public bool StoreFirst => Proposed.Count > 0;
}

/// <summary>Tell trial <paramref name="Number"/> to stop for <paramref name="Stop"/>; with
/// <paramref name="StoreFirst"/> once the decision on its row is stored.</summary>
internal sealed record StopTrial(int Number, TrialStop Stop, bool StoreFirst) : SweepCommand;

/// <summary>Cancel trial <paramref name="Number"/> for <paramref name="Reason"/>.</summary>
internal sealed record CancelTrial(int Number, string Reason) : SweepCommand;

/// <summary>Read trial <paramref name="Number"/>'s history for the scheduler: its reports skipped an epoch
/// (<see cref="SweepBook.NeedsHistory"/>, <see cref="SweepBook.TakeHistory"/>).</summary>
internal sealed record ReadTrialHistory(int Number) : SweepCommand;

/// <summary>Tell the registry that the sweep finished.</summary>
internal sealed record TellRegistryFinished : SweepCommand;
