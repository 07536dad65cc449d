using Certsweep.Client.Views;

namespace Certsweep.Client.Sweeps;

/// <summary>How a watch ended: the last progress seen, and whether Ctrl+C ended it before the sweep did.</summary>
public sealed record WatchResult(SweepProgress Last, bool Interrupted);
